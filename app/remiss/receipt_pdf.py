"""A PDF copy of one submitted version of a remissvar, to keep with the receipt.

fpdf2 writes it in pure Python with DejaVu Sans embedded (only the letters used), so åäö, the
other Latin letters, Greek and Cyrillic print as people typed them. The font ships in
`app/fonts/` with its licence, so the copy never depends on what the server has installed.
User text is only ever drawn as text: a PDF page has no markup that could run.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF, XPos, YPos

from ..templating import local_datetime

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVu"
# Control characters other than line breaks have no glyph; a tab reads as a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _wrapped(pdf: FPDF, text: str, width: float) -> list[str]:
    """The lines of `text` at the current font, broken between words (inside a word too long for a line).

    fpdf2's own multi_cell measures each line again for every letter added, which made a long response
    take tens of seconds; here each letter's width is looked up once (without text shaping, a string is
    as wide as its letters)."""
    letters: dict[str, float] = {}

    def measure(word: str) -> float:
        total = 0.0
        for letter in word:
            if letter not in letters:
                letters[letter] = pdf.get_string_width(letter)
            total += letters[letter]
        return total

    space = measure(" ")
    lines = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            size = measure(word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line or not word:
                lines.append(line)
            while size > width:  # a word wider than the line goes on over several lines
                cut = max(1, int(len(word) * width / size))
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            line, used = word, size
        lines.append(line)
    return lines


def _paragraphs(pdf: FPDF, text: str, height: float) -> None:
    for line in _wrapped(pdf, text, pdf.epw):
        pdf.cell(pdf.epw, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


class _Copy(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self):
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        page = _("Sida %(page)s av %(pages)s", page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"{self.footer_text} · {page}", align="C")


def owner_name(response) -> str:
    return response.organisation.name if response.organisation else response.person.name


def submission_pdf(response, submission) -> bytes:
    """The submitted version as it was sent: who, when, which version, and the text per section."""
    title = _("Remissvar %(reference)s", reference=response.reference)
    pdf = _Copy(footer_text=_plain(f"{response.reference} · {_('version %(n)s', n=submission.number)}"))
    pdf.set_title(_plain(title))
    pdf.set_creator("Samråd")
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FAMILY, "B", 16)
    _paragraphs(pdf, _plain(title), 8)
    pdf.ln(3)
    facts = [
        (_("Diarienummer"), response.reference),
        (_("Remissrunda"), response.round.title),
        (_("Avsändare"), owner_name(response)),
        (_("Inskickat"), _plain(str(local_datetime(submission.submitted_at)))),
        (_("Inskickat av"), submission.submitted_by.name),
        (_("Version"), _("%(n)s av %(total)s", n=submission.number, total=len(response.submissions))),
        (_("Antal synpunkter"), str(len(submission.snapshot))),
    ]
    for label, value in facts:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(45, 6, _plain(label))
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(width - 45, 6, _plain(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for item in submission.snapshot:
        pdf.ln(5)
        pdf.set_font(FAMILY, "B", 12)
        if item.get("section_number"):
            heading = f"{item['section_number']} {item.get('heading') or ''}"
        else:
            heading = _("Förslaget som helhet")
        _paragraphs(pdf, _plain(heading), 7)
        pdf.ln(1)
        pdf.set_font(FAMILY, "", 10)
        _paragraphs(pdf, _plain(item.get("body")), 5.5)
    return bytes(pdf.output())
