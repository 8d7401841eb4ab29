// Progressive enhancement only: every page works without this file.
(() => {
  const FIELDS = "input:not([type=hidden]), select, textarea, button, [tabindex]";

  // Move focus to the error summary so that screen reader and keyboard users meet it first.
  const focusSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary && !summary.contains(document.activeElement)) {
      summary.focus();
    }
  };

  // The skip link and the error summary's links move focus to their target without putting a
  // #fragment in the address. A form without an action posts back to the address, fragment and all,
  // and the browser would then move focus to the fragment's element instead of the new error summary.
  // A link to a group of boxes (a fieldset) focuses its first box; the label or legend is scrolled
  // into view with the field, so the person sees what the field is.
  const followInPageLink = (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link || !(link.classList.contains("skip-link") || link.closest("[data-error-summary]"))) {
      return;
    }
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    const field = target && (target.matches(FIELDS) ? target : target.querySelector(FIELDS));
    if (!field) {
      return;
    }
    event.preventDefault();
    const legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    const label = (field.labels && field.labels[0]) || legend;
    (label && label.getBoundingClientRect().top < field.getBoundingClientRect().top ? label : field).scrollIntoView();
    field.focus({ preventScroll: true });
  };

  // A confirmation after a form was sent ("Anteckningarna är sparade") takes focus, so that a screen reader
  // reads it out (a role=status region that is there from the start is not announced) and it stays in view.
  // An error summary comes first, and a #fragment the person asked for is left to the browser.
  const focusFlash = () => {
    const flash = document.querySelector("[data-flash]");
    if (flash && !document.querySelector("[data-error-summary]") && !window.location.hash) {
      flash.focus();
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    focusSummary();
    focusFlash();
    document.addEventListener("click", followInPageLink);
  });
  // A page reached with a #fragment (an old bookmark, another form) has focus moved to that element by
  // the browser after DOMContentLoaded: give it back to the error summary unless the person moved it.
  window.addEventListener("load", () => {
    const active = document.activeElement;
    if (!active || active === document.body || active.tagName === "MAIN") {
      focusSummary();
      focusFlash();
    }
  });
})();
