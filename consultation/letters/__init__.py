"""Letters: remissvar that arrive as a PDF, Word or OpenDocument letter, attached to a response, read in
the background into excerpts tied to the draft's sections, reviewed by the sender and confirmed as comments.
"""

from . import files, models, reading, registration, review, sources
from .models import ExcerptKind, Letter, LetterExcerpt, LetterStatus

__all__ = [
    "ExcerptKind",
    "Letter",
    "LetterExcerpt",
    "LetterStatus",
    "files",
    "models",
    "reading",
    "registration",
    "review",
    "sources",
]
