"""Remiss: rounds and their clock, invitations and their CSV import, outreach (links, registration,
reminders), responses and comments, and the working group's reading of responses.
"""

from . import (
    comments,
    invitations,
    models,
    outreach,
    reading,
    registration,
    reminder_schedule,
    reminders,
    response_access,
    responses,
    rounds,
    setup,
    tokens,
)

# The models' names are listed once, in models.__all__, and re-exported here.
from .models import *  # noqa: F403

__all__ = [
    *models.__all__,
    "comments",
    "invitations",
    "outreach",
    "reading",
    "registration",
    "reminder_schedule",
    "reminders",
    "response_access",
    "responses",
    "rounds",
    "setup",
    "tokens",
]
