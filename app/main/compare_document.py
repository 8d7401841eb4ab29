"""A comparison of two draft versions as a Word document: insertions underlined, deletions struck through.

User text goes in only through python-docx's text API (which escapes it). Each insertion and
deletion is also one of Word's own tracked changes (`w:ins` / `w:del`, author Samråd), so that
Word and LibreOffice list them as changes that can be accepted or rejected one by one, and
"accept all" gives the new version's text; the underline and strike-through stay on them, so a
word processor that ignores tracked changes still shows what changed, in print too.
"""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from flask_babel import gettext as _

from consultation.drafts.compare import Change, Comparison
from consultation.drafts.word_diff import Op, Piece

from ..word import plain

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


class _Tracker:
    """Wraps runs in tracked changes, each with its own id, all by Samråd at the time of the download."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def track(self, run, tag: str) -> None:
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(next(self.ids)))
        change.set(qn("w:author"), "Samråd")
        change.set(qn("w:date"), self.date)
        if tag == "w:del":  # deleted text is w:delText, or Word reports the file as damaged
            for text in run._r.findall(qn("w:t")):
                text.tag = qn("w:delText")
        run._r.addprevious(change)
        change.append(run._r)


def _write(paragraph, piece: Piece, text: str, tracker: _Tracker) -> None:
    run = paragraph.add_run(plain(text))
    if piece.op is Op.INSERT:
        run.font.underline = True
        run.font.color.rgb = INSERTED
        tracker.track(run, "w:ins")
    elif piece.op is Op.DELETE:
        run.font.strike = True
        run.font.color.rgb = DELETED
        tracker.track(run, "w:del")


def _pieces(document, pieces: list[Piece], tracker: _Tracker, style: str | None = None) -> None:
    """The pieces as paragraphs: a line break in the text starts a new paragraph, marks kept across it."""
    paragraph = document.add_paragraph(style=style)
    for piece in pieces:
        lines = piece.text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paragraph = document.add_paragraph(style=style)
            if line:
                _write(paragraph, piece, line, tracker)


def build_comparison_docx(comparison: Comparison, summary: str) -> bytes:
    document, tracker = Document(), _Tracker()
    title = _("Vad har ändrats: version %(old)s och %(new)s", old=comparison.old.number, new=comparison.new.number)
    document.add_heading(plain(title), 0)
    document.add_paragraph(plain(comparison.new.document.title))
    document.add_paragraph(plain(summary))
    document.add_paragraph(
        _(
            "Infogad text är understruken, borttagen text är överstruken. Ändringarna är också spårade"
            " ändringar som kan godkännas eller avvisas en i taget."
        )
    )
    for change in comparison.sections:
        heading = document.add_heading(level=1)
        for piece in change.heading:
            _write(heading, piece, piece.text.replace("\n", " "), tracker)
        document.add_paragraph(_status(change.change), style="Intense Quote")
        if change.change is not Change.UNCHANGED and change.body:
            _pieces(document, change.body, tracker)
    properties = document.core_properties
    properties.title = plain(title)[:255]  # a core property holds at most 255 characters
    properties.subject = plain(comparison.process.title)[:255]
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
