// Autosave for the response form: progressive enhancement, the form works without it.
// Saves changed boxes every few seconds and when the page is left; the server applies the
// same conflict rules as the "Spara utkast" button.
(() => {
  const form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  const url = form.dataset.autosave;
  const status = form.querySelector("[data-autosave-status]");
  const INTERVAL_MS = 5000;
  // The response form saves its text boxes; a form may name more fields (a report's selects and inputs too).
  const fields = form.dataset.autosaveFields || "textarea";
  let dirty = false;
  let saving = false;

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  const markDirty = (event) => {
    if (event.target.matches(fields)) {
      dirty = true;
    }
  };
  form.addEventListener("input", markDirty);
  if (form.dataset.autosaveFields) {
    form.addEventListener("change", markDirty); // a select reports its choice as a change, not as input
  }

  const payload = () => {
    const data = new FormData(form);
    data.delete("action");
    return data;
  };

  const applyRevisions = (revisions) => {
    Object.entries(revisions || {}).forEach(([key, revision]) => {
      const field = form.querySelector(`input[name="revision-${key}"]`);
      if (field) {
        field.value = String(revision);
      }
    });
  };

  const save = async () => {
    if (!dirty || saving) {
      return;
    }
    saving = true;
    dirty = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      const result = await response.json().catch(() => ({}));
      if (response.ok && result.ok) {
        applyRevisions(result.revisions);
        if (result.conflicts && result.conflicts.length) {
          say(form.dataset.conflictText || "En kollega har ändrat samma synpunkt. Tryck på Spara utkast för att se båda texterna.");
        } else {
          say(`${form.dataset.savedText || "Sparat automatiskt"} ${result.saved_at}`);
        }
      } else {
        dirty = true;
        say(result.message || form.dataset.failedText || "Kunde inte spara automatiskt. Använd knappen Spara utkast.");
      }
    } catch (error) {
      dirty = true;
      say(form.dataset.offlineText || "Ingen anslutning just nu. Texten sparas när anslutningen är tillbaka.");
    } finally {
      saving = false;
    }
  };

  window.setInterval(save, INTERVAL_MS);

  // Leaving the page: send what is unsaved with a beacon, which survives the unload.
  const flush = () => {
    if (dirty && navigator.sendBeacon) {
      navigator.sendBeacon(url, payload());
      dirty = false;
    }
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      flush();
    }
  });
  window.addEventListener("pagehide", flush);
  form.addEventListener("submit", () => {
    dirty = false;
  });
})();
