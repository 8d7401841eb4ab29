"""Dialogue meetings: planning, sign-ups, attendance, notes and next steps, and meeting documents."""

from . import files, models, note_sheet, notes, planning

# The public names are listed once, in each module's __all__, and re-exported here.
from .models import *  # noqa: F403
from .notes import *  # noqa: F403
from .planning import *  # noqa: F403

__all__ = ["files", "note_sheet", "notes", "planning", *models.__all__, *planning.__all__, *notes.__all__]
