"""Remissvar letters: reading a PDF, .docx or .odt letter and splitting it into excerpts.

    from analysis.letters import Section, read_letter, split_letter
    letter = read_letter(data, "yttrande.pdf")      # Letter: paragraphs (text, page, style), pages, warnings, ocr_pages
    excerpts = split_letter(letter, sections)        # Excerpt(text, section_key, kind, confidence, reason, pages)
    excerpts.declines                                # the sender declines to comment

Pure: bytes and dataclasses in, dataclasses out; no Flask, no database.
"""

from .draft import sections_from_markdown
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
from .split import split_letter
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
    "sections_from_markdown",
    "split_letter",
]
