"""Word (.docx) building blocks shared by the downloads: A4 pages, fields (PAGE, NUMPAGES, TOC), clean text.

User text only ever goes in through python-docx's text API (which escapes it), after `plain` has
dropped the characters XML cannot hold; the only XML built here by hand is the fields, which
hold no user text.
"""

from __future__ import annotations

import re

import lxml.html
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

# Characters XML 1.0 cannot hold (python-docx would refuse the whole document for one of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
CODE_FONT = "Courier New"
_SPACES = re.compile(r"\s+")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


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


def _begin_field(paragraph, instruction: str) -> None:
    """A field's start, instruction and separator: what follows in the paragraph is its shown result."""
    field_char(paragraph.add_run(), "begin", dirty=True)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    paragraph.add_run()._r.append(text)
    field_char(paragraph.add_run(), "separate")


def field(paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES ...) whose result is `shown` until it is updated."""
    _begin_field(paragraph, f" {instruction} ")
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


def table_of_contents(document, headings: list[tuple[int, str]], levels: str = "1-2") -> None:
    """A TOC field whose shown result is the heading list until Word or LibreOffice updates it."""
    first = document.add_paragraph()
    _begin_field(first, f'TOC \\o "{levels}" \\h \\z \\u')
    paragraphs = [first] + [document.add_paragraph() for _ in headings[1:]]
    for paragraph, (level, text) in zip(paragraphs, headings):
        paragraph.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        paragraph.add_run(plain(text))
    if not headings:
        first.add_run(plain(_("Uppdatera fältet för att visa innehållsförteckningen.")))
    field_char(paragraphs[-1].add_run(), "end")


# --- sanitised HTML (a draft section's rendered Markdown) as Word paragraphs --------------------


def add_html(document, html: str, heading_level: int) -> None:
    """Sanitised HTML (app/html.py's vocabulary) as paragraphs, lists, quotes and tables; its own h1 is
    Word's Heading `heading_level`. Text only: links keep their words, never an address that runs."""
    if not html.strip():
        return
    for element in lxml.html.fragments_fromstring(html):
        if isinstance(element, str):  # loose text between blocks
            if element.strip():
                _inline(document.add_paragraph(), element)
        else:
            _block(document, element, heading_level)


def _block(document, element, heading_level: int, style: str | None = None) -> None:
    tag = element.tag
    if tag in _HEADINGS:
        _inline(document.add_heading(level=min(heading_level + _HEADINGS[tag] - 1, 9)), element)
    elif tag in ("ul", "ol"):
        _list(document, element, heading_level, depth=1)
    elif tag == "blockquote":
        for child in element:
            _block(document, child, heading_level, style="Quote")
    elif tag == "pre":
        run = document.add_paragraph(style=style).add_run(plain(element.text_content().rstrip("\n")))
        run.font.name = CODE_FONT
    elif tag == "table":
        _table(document, element)
    elif tag == "hr":
        document.add_paragraph(style=style)
    else:  # p, and anything else a later sanitiser lets through, as a paragraph of its text
        _inline(document.add_paragraph(style=style), element)


def _list(document, element, heading_level: int, depth: int) -> None:
    kind = "List Number" if element.tag == "ol" else "List Bullet"
    style = kind if depth == 1 else f"{kind} {min(depth, 3)}"
    number = _restarted_numbering(document, style) if element.tag == "ol" else None
    for item in element.iterchildren("li"):
        paragraph = document.add_paragraph(style=style)
        if number is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = number
        _inline(paragraph, item, stop_at=("ul", "ol", "p", "blockquote", "pre", "table"))
        for child in item:
            if child.tag in ("ul", "ol"):
                _list(document, child, heading_level, depth + 1)
            elif child.tag == "p":  # a loose list: the first paragraph is the item, the rest follow it
                target = paragraph if not paragraph.text else document.add_paragraph(style="List Continue")
                _inline(target, child)
            elif child.tag in ("blockquote", "pre", "table"):
                _block(document, child, heading_level)


def _restarted_numbering(document, style: str) -> int:
    """A numbering of its own for one ordered list, so that every list starts at 1 (Word's list styles
    share one numbering, which would count on from the previous list)."""
    numbering = document.part.numbering_part.element
    shared = numbering.num_having_numId(document.styles[style].element.pPr.numPr.numId.val)
    own = numbering.add_num(shared.abstractNumId.val)
    own.add_lvlOverride(ilvl=0).add_startOverride(1)
    return own.numId


def _inline(paragraph, element, bold=False, italic=False, stop_at=()) -> None:
    """The text of `element` as runs of `paragraph`, bold, italic and code kept; a <br> a line break.
    White space is collapsed as a browser does, and none is left at the end of the paragraph."""
    if isinstance(element, str):
        _run(paragraph, element, bold, italic, False)
    else:
        _runs(paragraph, element, bold, italic, False, stop_at)
    if paragraph.runs and paragraph.runs[-1].text:
        last = paragraph.runs[-1]
        last.text = last.text.rstrip()


def _runs(paragraph, element, bold: bool, italic: bool, code: bool, stop_at=()) -> None:
    _run(paragraph, element.text, bold, italic, code)
    for child in element:
        if child.tag in stop_at:
            continue
        if child.tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            _runs(
                paragraph,
                child,
                bold or child.tag in ("strong", "b", "th"),
                italic or child.tag in ("em", "i"),
                code or child.tag == "code",
            )
        _run(paragraph, child.tail, bold, italic, code)


def _run(paragraph, text: str | None, bold: bool, italic: bool, code: bool) -> None:
    text = plain(text if code else _SPACES.sub(" ", text or ""))
    if not code and (not paragraph.text or paragraph.text.endswith(("\n", " "))):
        text = text.lstrip()  # at the start of a line, or after a space: no second one
    if not text:
        return
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if code:
        run.font.name = CODE_FONT


def _table(document, element) -> None:
    rows = element.xpath(".//tr")
    width = max((len(row.xpath("./th|./td")) for row in rows), default=0)
    if not width:
        return
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, source in zip(cells, row.xpath("./th|./td")):
            _inline(cell.paragraphs[0], source, bold=source.tag == "th")
