"""Remiss: rounds and their clock, invitations and their CSV import, outreach (links, registration,
reminders), responses and comments, and the working group's reading of responses.
"""

from . import invitations, outreach, reading, responses, rounds, setup
from .models import (
    AccountToken,
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    ReferenceCounter,
    Reminder,
    Response,
    ResponseStatus,
    ResponseSubmission,
    RoundAccess,
    TokenPurpose,
)

__all__ = [
    "AccountToken",
    "Comment",
    "ConsultationRound",
    "Invitation",
    "InvitationStatus",
    "ReferenceCounter",
    "Reminder",
    "Response",
    "ResponseStatus",
    "ResponseSubmission",
    "RoundAccess",
    "TokenPurpose",
    "invitations",
    "outreach",
    "reading",
    "responses",
    "rounds",
    "setup",
]
