"""Word (.docx) building blocks shared by the downloads: A4 pages, fields (PAGE, NUMPAGES, TOC), clean text.

User text only ever goes in through python-docx's text API (which escapes it), after `plain` has
dropped the characters XML cannot hold; the only XML built here by hand is the fields, which
hold no user text.
"""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

# Characters XML 1.0 cannot hold (python-docx would refuse the whole document for one of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)


def plain(text: object) -> str:
    return _NOT_XML.sub("", str(text or ""))


def orient(section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def new_section(document, landscape: bool) -> None:
    """A new page in the other orientation; its footer (the page number) is the first section's."""
    section = document.add_section(WD_SECTION.NEW_PAGE)  # a copy of the last section's settings
    section.different_first_page_header_footer = False  # only the title page goes without a number
    orient(section, landscape)


def page_setup(document) -> None:
    section = document.sections[0]
    orient(section, landscape=False)
    document.styles["Normal"].font.size = Pt(10.5)
    page_numbers(section)
    # Ask Word to fill in the table of contents (and its page numbers) when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def field(paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC ...) whose result is `shown` until it is updated."""
    field_char(paragraph.add_run(), "begin", dirty=True)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    field_char(paragraph.add_run(), "separate")
    paragraph.add_run(shown)
    field_char(paragraph.add_run(), "end")


def page_numbers(section) -> None:
    """ "Sida 3 av 12", centred in the footer of every page but the title page."""
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The translated sentence around the two fields: "Sida {PAGE} av {NUMPAGES}", "Page {PAGE} of {NUMPAGES}".
    sentence = _("Sida %(page)s av %(pages)s", page="\x01PAGE\x01", pages="\x01NUMPAGES\x01")
    for n, part in enumerate(sentence.split("\x01")):
        if n % 2:
            field(paragraph, part, "1")
        elif part:
            paragraph.add_run(plain(part))


def field_char(run, kind: str, dirty: bool = False) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:  # Word recalculates a dirty field when it opens the file
        element.set(qn("w:dirty"), "true")
    run._r.append(element)


def table_of_contents(document, headings: list[tuple[int, str]]) -> None:
    """A TOC field whose shown result is the heading list until Word or LibreOffice updates it."""
    first = document.add_paragraph()
    field_char(first.add_run(), "begin", dirty=True)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    first.add_run()._r.append(instruction)
    field_char(first.add_run(), "separate")
    paragraphs = [first] + [document.add_paragraph() for _ in headings[1:]]
    for paragraph, (level, text) in zip(paragraphs, headings):
        paragraph.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        paragraph.add_run(plain(text))
    if not headings:
        first.add_run(plain(_("Uppdatera fältet för att visa innehållsförteckningen.")))
    field_char(paragraphs[-1].add_run(), "end")
