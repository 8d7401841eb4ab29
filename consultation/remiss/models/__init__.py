"""The remiss round's models: the round, invitations, responses and comments, and outreach."""

from .outreach import (
    AccountToken,
    ReferenceCounter,
    Reminder,
    ReminderStatus,
    TokenPurpose,
)
from .reminders import ReminderOccasion, ReminderSchedule
from .rounds import (
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
    ResponseSubmission,
    RoundAccess,
)

__all__ = [
    "AccountToken",
    "Comment",
    "ConsultationRound",
    "Invitation",
    "InvitationStatus",
    "ReferenceCounter",
    "Reminder",
    "ReminderOccasion",
    "ReminderSchedule",
    "ReminderStatus",
    "Response",
    "ResponseStatus",
    "ResponseSubmission",
    "RoundAccess",
    "TokenPurpose",
]
