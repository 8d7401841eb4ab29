"""A comparison of two draft versions as a Word document: insertions underlined, deletions struck through.

User text goes in only through python-docx's text API (which escapes it). Word's own tracked changes
(`w:ins`/`w:del`) are not made: underline and strike-through read the same in every word processor.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import RGBColor
from flask_babel import gettext as _

from consultation.drafts.compare import Change, Comparison
from consultation.drafts.word_diff import Op, Piece

from ..compilation.documents import plain

# Besides the line, a colour (never colour alone): dark enough to read in print and on screen.
INSERTED = RGBColor(0x1E, 0x6B, 0x35)
DELETED = RGBColor(0xB3, 0x26, 0x1E)


def _status(change: Change) -> str:
    return {
        Change.CHANGED: _("Ändrat"),
        Change.NEW: _("Nytt avsnitt"),
        Change.REMOVED: _("Borttaget avsnitt"),
        Change.UNCHANGED: _("Oförändrat"),
    }[change]


def _write(paragraph, piece: Piece, text: str) -> None:
    run = paragraph.add_run(plain(text))
    if piece.op is Op.INSERT:
        run.font.underline = True
        run.font.color.rgb = INSERTED
    elif piece.op is Op.DELETE:
        run.font.strike = True
        run.font.color.rgb = DELETED


def _pieces(document, pieces: list[Piece], style: str | None = None) -> None:
    """The pieces as paragraphs: a line break in the text starts a new paragraph, marks kept across it."""
    paragraph = document.add_paragraph(style=style)
    for piece in pieces:
        lines = piece.text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paragraph = document.add_paragraph(style=style)
            if line:
                _write(paragraph, piece, line)


def build_comparison_docx(comparison: Comparison, summary: str) -> bytes:
    document = Document()
    title = _("Vad har ändrats: version %(old)s och %(new)s", old=comparison.old.number, new=comparison.new.number)
    document.add_heading(plain(title), 0)
    document.add_paragraph(plain(comparison.new.document.title))
    document.add_paragraph(plain(summary))
    document.add_paragraph(_("Infogad text är understruken, borttagen text är överstruken."))
    for change in comparison.sections:
        heading = document.add_heading(level=1)
        for piece in change.heading:
            _write(heading, piece, piece.text.replace("\n", " "))
        document.add_paragraph(_status(change.change), style="Intense Quote")
        if change.change is not Change.UNCHANGED and change.body:
            _pieces(document, change.body)
    properties = document.core_properties
    properties.title = plain(title)
    properties.subject = plain(comparison.process.title)
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
