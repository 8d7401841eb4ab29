"""Swedish (translatable) names for the domain's codes."""

from __future__ import annotations

from consultation.drafts import PhaseKind
from consultation.followup import Approval, CommitmentStatus, CouncilKind, InitiativeStatus
from consultation.meetings import MeetingKind, NextStepStatus, NoteKind
from consultation.people import ActorType, Role
from consultation.remiss import InvitationStatus, ResponseStatus
from consultation.remiss.rounds import RoundState
from consultation.review import Decision, RunStatus

from .i18n import lazy_gettext as _l

ACTOR_TYPES = {
    ActorType.MUNICIPALITY: _l("Kommun"),
    ActorType.REGION: _l("Region"),
    ActorType.AGENCY: _l("Statlig myndighet"),
    ActorType.BUSINESS: _l("Näringsliv"),
    ActorType.ACADEMIA: _l("Akademi"),
    ActorType.CIVIL_SOCIETY: _l("Idéburen sektor"),
    ActorType.PRIVATE_PERSON: _l("Privatperson"),
    ActorType.OTHER: _l("Övrig"),
}

ROLES = {
    Role.ADMIN: _l("Samordnare"),
    Role.FACILITATOR: _l("Processledare"),
    Role.WORKING_GROUP: _l("Arbetsgrupp"),
    Role.STAKEHOLDER: _l("Aktör"),
}

PHASES = {
    PhaseKind.ANALYSIS_PLANNING: _l("Analys och planering"),
    PhaseKind.DIALOGUE: _l("Dialog"),
    PhaseKind.DRAFTING_REMISS: _l("Förslag och remiss"),
    PhaseKind.DECISION: _l("Beslut"),
}

PHASE_STATES = {
    "past": _l("Avslutad"),
    "current": _l("Pågår nu"),
    "future": _l("Kommande"),
    "unplanned": _l("Inte planerad"),
}

RESPONSE_STATUSES = {
    ResponseStatus.DRAFT: _l("utkast, inte inskickat"),
    ResponseStatus.SUBMITTED: _l("inskickat"),
    ResponseStatus.WITHDRAWN: _l("återkallat"),
}

ROUND_STATES = {
    RoundState.UPCOMING: _l("Kommande"),
    RoundState.OPEN: _l("Öppen"),
    RoundState.CLOSED: _l("Stängd"),
}

INVITATION_STATUSES = {
    InvitationStatus.INVITED: _l("Inget svar ännu"),
    InvitationStatus.RESPONDED: _l("Har svarat"),
    InvitationStatus.DECLINED: _l("Avstår"),
}

MEETING_KINDS = {
    MeetingKind.DIALOGUE: _l("Tematisk dialogträff"),
    MeetingKind.COUNCIL: _l("Rådsmöte"),
    MeetingKind.WORKSHOP: _l("Workshop"),
    MeetingKind.STRATEGY_DAY: _l("Strategidag"),
}

NOTE_KINDS = {
    NoteKind.CHALLENGE: _l("Utmaning"),
    NoteKind.OPPORTUNITY: _l("Möjlighet"),
    NoteKind.PROPOSAL: _l("Förslag"),
    NoteKind.NEXT_STEP: _l("Nästa steg"),
}

NOTE_KIND_PLURALS = {
    NoteKind.CHALLENGE: _l("Utmaningar"),
    NoteKind.OPPORTUNITY: _l("Möjligheter"),
    NoteKind.PROPOSAL: _l("Förslag"),
    NoteKind.NEXT_STEP: _l("Nästa steg"),
}

STEP_STATUSES = {
    NextStepStatus.OPEN: _l("Öppen"),
    NextStepStatus.IN_PROGRESS: _l("Pågår"),
    NextStepStatus.DONE: _l("Klar"),
}

ANALYSIS_STAGES = {
    "queued": _l("I kö"),
    "collect": _l("Hämtar texterna"),
    "preprocess": _l("Förbereder texterna (språk och grundformer)"),
    "campaigns": _l("Letar efter kampanjer"),
    "embed": _l("Beräknar textvektorer"),
    "cluster": _l("Grupperar i teman"),
    "label": _l("Namnger temana"),
    "done": _l("Klar"),
}

RUN_STATUSES = {
    RunStatus.QUEUED: _l("I kö"),
    RunStatus.RUNNING: _l("Pågår"),
    RunStatus.DONE: _l("Klar"),
    RunStatus.FAILED: _l("Misslyckades"),
}

# Where an analysed item came from when it is not a remissvar.
ITEM_SOURCES = {
    "dialogue_meeting": _l("Dialogträff"),
}


def meeting_source(title: str) -> str:
    """A note's source, "Dialogträff: <the meeting's title>", unless the title already starts with that word.

    Facilitators often call a meeting "Dialogträff: Grön omställning", which would read "Dialogträff: Dialogträff: …".
    """
    word = str(ITEM_SOURCES["dialogue_meeting"])
    if title.casefold().startswith((word.casefold(), "dialogträff")):
        return title
    return f"{word}: {title}"


# The working group's decision on a comment or note (the compilation, the answer pages).
DECISIONS = {
    Decision.ACCEPTED: _l("Beaktas"),
    Decision.PARTLY: _l("Beaktas delvis"),
    Decision.NOT_ACCEPTED: _l("Beaktas ej"),
    Decision.NOTED: _l("Noteras"),
}

INITIATIVE_STATUSES = {
    InitiativeStatus.PLANNED: _l("Planerad"),
    InitiativeStatus.ONGOING: _l("Pågår"),
    InitiativeStatus.DONE: _l("Genomförd"),
    InitiativeStatus.PAUSED: _l("Pausad"),
    InitiativeStatus.CANCELLED: _l("Avbruten"),
}

APPROVALS = {
    Approval.PROPOSED: _l("Föreslagen"),
    Approval.APPROVED: _l("Godkänd"),
    Approval.REJECTED: _l("Avslagen"),
}

COUNCIL_KINDS = {
    CouncilKind.REGIONAL: _l("Regionalt råd"),
    CouncilKind.LARGER: _l("Större samverkansråd"),
    CouncilKind.STRATEGIC: _l("Strategisk grupp"),
}

COMMITMENT_STATUSES = {
    CommitmentStatus.OPEN: _l("Ej påbörjat"),
    CommitmentStatus.IN_PROGRESS: _l("Pågår"),
    CommitmentStatus.DONE: _l("Klart"),
}

REPORT_STATES = {
    "missing": _l("Inte påbörjad"),
    "draft": _l("Utkast"),
    "submitted": _l("Inskickad"),
}

NOTICE_KINDS = {
    "opening": _l("Öppning"),
    "reminder": _l("Påminnelse enligt schema"),
    "resend": _l("Påminnelse, skickad av samordnaren"),
}
