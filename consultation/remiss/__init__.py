"""Remiss: rounds and their clock, invitations and their CSV import, outreach (links, registration,
reminders), responses and comments, and the working group's reading of responses.
"""

from . import comments, invitations, outreach, reading, response_access, responses, rounds, setup
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
    "comments",
    "invitations",
    "outreach",
    "reading",
    "response_access",
    "responses",
    "rounds",
    "setup",
]
