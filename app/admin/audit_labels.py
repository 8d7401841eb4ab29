"""Swedish names for the audit log's action codes and detail fields."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from consultation import audit_names
from consultation.audit import Action

from .. import labels

ACTIONS = {
    Action.LOGIN_SUCCEEDED: _l("Inloggning"),
    Action.LOGIN_FAILED: _l("Misslyckad inloggning"),
    Action.LOGIN_THROTTLED: _l("Inloggning stoppad: för många försök"),
    Action.LOGOUT: _l("Utloggning"),
    Action.LOGOUT_EVERYWHERE: _l("Utloggning överallt"),
    Action.USER_CREATED: _l("Användare skapad"),
    Action.USER_REGISTERED: _l("Konto registrerat"),
    Action.USER_CHANGED: _l("Användaruppgifter ändrade"),
    Action.ROLES_CHANGED: _l("Roller ändrade"),
    Action.MEMBERSHIPS_CHANGED: _l("Organisationsmedlemskap ändrade"),
    Action.INVITATION_ACCEPTED: _l("Inbjudan antagen"),
    Action.ORGANISATION_APPROVED: _l("Organisation godkänd"),
    Action.ORGANISATION_REJECTED: _l("Organisation avvisad"),
    Action.ORGANISATION_MERGED: _l("Organisation sammanslagen med en befintlig"),
    Action.ORGANISATION_CONTACT_CHANGED: _l("Organisationens kontaktadress ändrad"),
    Action.INVITATIONS_SENT: _l("Inbjudningar skickade"),
    Action.COLLEAGUE_INVITED: _l("Kollega inbjuden"),
    Action.RESPONSE_SUBMITTED: _l("Remissvar inskickat"),
    Action.RESPONSE_REVISED: _l("Remissvar ändrat"),
    Action.RESPONSE_REGISTERED: _l("Inkommet remissvar registrerat"),
    Action.LETTER_ATTACHED: _l("Brev bifogat till remissvar"),
    Action.LETTER_CONFIRMED: _l("Synpunkter ur brev bekräftade"),
    Action.RESPONSE_WITHDRAWN: _l("Remissvar återkallat"),
    Action.INVITATION_DECLINED: _l("Avstår från att yttra sig"),
    Action.NOTES_PUBLISHED: _l("Anteckningar publicerade"),
    Action.COMPILATION_PUBLISHED: _l("Sammanställning publicerad"),
    Action.COMPILATION_UNPUBLISHED: _l("Sammanställning avpublicerad"),
    Action.FEEDBACK_MAILED: _l("Besked om synpunkternas hantering skickade"),
    Action.VERSION_PUBLISHED: _l("Version av förslaget publicerad"),
    Action.VERSION_ADOPTED: _l("Version av förslaget antagen"),
    Action.INITIATIVE_APPROVED: _l("Insats godkänd"),
    Action.INITIATIVE_REJECTED: _l("Insats avslagen"),
    Action.INITIATIVES_IMPORTED: _l("Insatser importerade"),
    Action.PERIOD_OPENED: _l("Uppföljningsperiod öppnad"),
    Action.PERIOD_PUBLISHED: _l("Uppföljningsperiod publicerad"),
    Action.COUNCIL_CREATED: _l("Samverkansråd inrättat"),
    Action.AGENDA_PUBLISHED: _l("Dagordning publicerad"),
    Action.COMMENT_REDACTED: _l("Stycke borttaget ur publicerad synpunkt"),
    Action.EXPORT_DOWNLOADED: _l("Export nedladdad"),
    Action.ACCESSIBILITY_REPORTED: _l("Tillgänglighetsproblem rapporterat"),
}

TARGETS = {
    "user_account": _l("Användare"),
    "organisation": _l("Organisation"),
    "consultation_round": _l("Remissrunda"),
    "response": _l("Remissvar"),
    "invitation": _l("Inbjudan"),
    "meeting": _l("Dialogträff"),
    "comment": _l("Synpunkt"),
    "process": _l("Process"),
    "initiative": _l("Insats"),
    "reporting_period": _l("Uppföljningsperiod"),
    "council": _l("Samverkansråd"),
}

DETAILS = {
    "account_key": _l("Okänd e-postadress (nyckel)"),
    "limit": _l("Gräns"),
    "retry_after": _l("Vänta sekunder"),
    "roles": _l("Roller"),
    "organisation_ids": _l("Organisationer"),
    "added": _l("Tillagt"),
    "removed": _l("Borttaget"),
    "fields": _l("Ändrade fält"),
    "is_active": _l("Aktivt"),
    "organisation_id": _l("Organisation"),
    "council_id": _l("Samverkansråd"),
    "deadline_on": _l("Sista dag"),
    "points": _l("Punkter"),
    "kind": _l("Slag"),
    "invited_by_id": _l("Inbjuden av användare"),
    "new_account": _l("Nytt konto"),
    "email": _l("E-post"),
    "sent": _l("Skickade"),
    "failed": _l("Misslyckade"),
    "without_email": _l("Utan e-postadress"),
    "over_mail_cap": _l("Över dagens gräns för e-post"),
    "reference": _l("Diarienummer"),
    "version": _l("Version"),
    "comments": _l("Synpunkter"),
    "round_id": _l("Remissrunda"),
    "with_reason": _l("Med motivering"),
    "note_ids": _l("Anteckningar"),
    "analysis_run_id": _l("Analys"),
    "unanswered": _l("Utan ställningstagande"),
    "redaction_id": _l("Maskering"),
    "response_id": _l("Remissvar"),
    "export": _l("Export"),
    "format": _l("Format"),
    "order": _l("Ordning"),
    "notes": _l("Anteckningar"),
}

# The codes some details hold, by detail name: shown by their Swedish name, never as the code.
CODES = {
    "roles": labels.ROLES,
    "export": {
        "comments": _l("Synpunkter"),
        "compilation": _l("Remissammanställning"),
        "meeting_notes": _l("Anteckningar från dialogträffar"),
    },
    "order": {"section": _l("per avsnitt"), "theme": _l("per tema")},
    "kind": labels.COUNCIL_KINDS,
    "fields": {
        "name": _l("namn"),
        "email": _l("e-post"),
        "is_active": _l("aktivt"),
        "password": _l("lösenord"),
    },
}


def _code_labels(event, key: str) -> Mapping | None:
    if event.action == Action.ROLES_CHANGED and key in ("added", "removed"):
        return CODES["roles"]
    return CODES.get(key)


def _one_value(event, key: str, value, names: Mapping[tuple[str, int], str]) -> str:
    table = audit_names.DETAIL_TARGETS.get(key)
    if event.action == Action.MEMBERSHIPS_CHANGED and key in ("added", "removed"):
        table = "organisation"
    if table and isinstance(value, int) and not isinstance(value, bool):
        return names.get((table, value)) or f"{TARGETS.get(table, table)} {value}"
    codes = _code_labels(event, key)
    if codes is not None and isinstance(value, str):
        return str(codes.get(value, value))
    return str(value)


def detail_value(event, key: str, value, names: Mapping[tuple[str, int], str]) -> str:
    """A detail's value as the admin reads it: names for ids and codes, "ja"/"nej", lists joined."""
    if value is True:
        return str(_l("ja"))
    if value is False:
        return str(_l("nej"))
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(_one_value(event, key, item, names) for item in value) or "–"
    return _one_value(event, key, value, names)


def target(event, names: Mapping[tuple[str, int], str]) -> str:
    """What an event concerns: "Användare: Anna Andersson", or the kind and id once the row is gone."""
    if not event.target_type:
        return "–"
    kind = TARGETS.get(event.target_type, event.target_type)
    name = names.get((event.target_type, event.target_id))
    return f"{kind}: {name}" if name else f"{kind} {event.target_id}"
