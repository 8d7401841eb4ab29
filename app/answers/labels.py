"""What each decision means, shown under the choices in the position forms (names: app.labels.DECISIONS)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consultation.review import Decision

from ..labels import DECISIONS  # noqa: F401  (the answer pages import both from here)

# Shown under each choice in the position forms.
DECISION_HINTS = {
    Decision.ACCEPTED: _l("Synpunkten leder till en ändring i förslaget."),
    Decision.PARTLY: _l("En del av synpunkten leder till en ändring. Motivering krävs."),
    Decision.NOT_ACCEPTED: _l("Synpunkten leder inte till någon ändring. Motivering krävs."),
    Decision.NOTED: _l("Synpunkten tas till vara utan att förslaget ändras, till exempel en upplysning."),
}
