"""The .docx read back as XML: portrait with a landscape section for the tables, page numbers, a TOC Word fills."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from .conftest import review_url

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_of(client, world) -> bytes:
    return client.get(review_url(world).replace("sammanstallning?", "sammanstallning.docx?")).data


def instructions(element) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(f"{W}instrText")]


def test_page_numbers_in_the_footer_of_every_page_but_the_title_page(client, auth, member, world):
    auth.login_as(member)
    document = Document(io.BytesIO(docx_of(client, world)))
    first = document.sections[0]
    assert first.different_first_page_header_footer  # the title page goes without a number
    footer = first.footer._element
    assert instructions(footer) == ["PAGE", "NUMPAGES"]
    assert "Sida" in "".join(t.text or "" for t in footer.iter(f"{W}t"))
    for section in document.sections[1:]:
        assert section.footer.is_linked_to_previous  # the same numbering all through
        assert not section.different_first_page_header_footer  # a section's first page is numbered too


def test_a_table_of_contents_that_word_fills_when_opening(client, auth, member, world):
    auth.login_as(member)
    data = docx_of(client, world)
    document = Document(io.BytesIO(data))
    body = document.element.body
    toc = [i for i in instructions(body) if i.startswith("TOC")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u']
    begin = next(c for c in body.iter(f"{W}fldChar") if c.get(qn("w:fldCharType")) == "begin")
    assert begin.get(qn("w:dirty")) == "true"
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    # headings the TOC collects (levels 1-2): the part and every group
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") >= 2 and styles.count("Heading 2") >= 3


def test_portrait_with_the_wide_tables_in_a_landscape_section(client, auth, member, world):
    auth.login_as(member)
    document = Document(io.BytesIO(docx_of(client, world)))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in document.sections:
        long_side, short_side = (
            max(section.page_width, section.page_height),
            min(section.page_width, section.page_height),
        )
        assert (round(long_side.cm, 1), round(short_side.cm, 1)) == (29.7, 21.0)
        wide = section.orientation == WD_ORIENT.LANDSCAPE
        assert (section.page_width > section.page_height) == wide
    text_width = {s.orientation: s.page_width - s.left_margin - s.right_margin for s in document.sections}
    points, invitations = document.tables[0], document.tables[-1]
    widths = [cell.width for cell in points.rows[0].cells]
    assert sum(widths) <= text_width[WD_ORIENT.LANDSCAPE]
    assert sum(cell.width for cell in invitations.rows[0].cells) <= text_width[WD_ORIENT.PORTRAIT]
    # "Ställningstagande" (bold, 9.5 pt) and "Privatperson" fit their columns whole: no word broken
    header = [cell.text for cell in points.rows[0].cells]
    assert widths[header.index("Ställningstagande")] >= Cm(4.0)
    assert widths[header.index("Aktörstyp")] >= Cm(3.0)
