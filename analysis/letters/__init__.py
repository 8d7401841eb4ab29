"""Remissvar letters: reading a PDF, .docx or .odt letter and splitting it into excerpts.

    letter = read_letter(data, "yttrande.pdf")      # Letter: paragraphs (text, page, style), pages, warnings, ocr_pages


Pure: bytes and dataclasses in, dataclasses out; no Flask, no database.
"""

from .errors import (
    EncryptedFile,
    FileTooLarge,
    LetterError,
    ReadingTimedOut,
    TooManyPages,
    UnsupportedFile,
    ZipBomb,
)
from .limits import LIMITS, Limits, check_package
from .reading import read_letter
from .types import Excerpt, Excerpts, Letter, Paragraph, Section, Span

__all__ = [
    "LIMITS",
    "EncryptedFile",
    "Excerpt",
    "Excerpts",
    "FileTooLarge",
    "Letter",
    "LetterError",
    "Limits",
    "Paragraph",
    "ReadingTimedOut",
    "Section",
    "Span",
    "TooManyPages",
    "UnsupportedFile",
    "ZipBomb",
    "check_package",
    "read_letter",
]
