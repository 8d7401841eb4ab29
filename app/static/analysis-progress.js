// Follows a running theme analysis: asks the server for its progress every few seconds and
// opens the result when it is done. Without this file the page still works (reload by hand).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-analysis-progress]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const message = box.querySelector("[data-progress-message]");
  let lastMessage = message ? message.textContent : "";
  let failures = 0;

  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const status = await response.json();
      failures = 0;
      if (bar) {
        bar.value = status.percent;
        bar.textContent = `${status.percent} %`;
      }
      if (status.finished) {
        window.location.reload();
        return;
      }
      // Announce stage changes only, so that a screen reader is not interrupted every poll.
      if (message && status.message && status.stage_label !== lastMessage) {
        message.textContent = status.message;
        lastMessage = status.stage_label;
      }
    } catch (error) {
      failures += 1;
      if (failures >= 5 && message) {
        message.textContent = message.dataset.offline || "Kunde inte hämta förloppet. Ladda om sidan.";
        return;
      }
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1500);
});
