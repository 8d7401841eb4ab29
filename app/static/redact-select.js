// Progressive enhancement for the redaction form: text selected in the published text fills in
// the passage box, so the admin need not copy it exactly. Without this file, copying still works.
(() => {
  const source = document.querySelector("[data-passage-source]");
  const box = source && document.getElementById(source.dataset.passageSource);
  const status = document.querySelector("[data-passage-status]");
  if (!box) {
    return;
  }
  const take = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) {
      return;
    }
    const text = selection.toString().trim();
    if (text) {
      box.value = text;
      if (status) {
        status.textContent = status.dataset.filledText;
      }
    }
  };
  source.addEventListener("mouseup", take);
  source.addEventListener("keyup", take);
})();
