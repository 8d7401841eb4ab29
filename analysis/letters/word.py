"""Word (.docx, python-docx) and OpenDocument text (.odt, the standard library's XML reader).

Order as a reader meets the letter: the page header parts, the body (paragraphs and table rows),
the footer parts. Headers and footers are kept as paragraphs of their own style, which the
splitter takes as boilerplate. Headings come from heading styles, or from a short line whose
text is all bold; a table row is one paragraph with its cells joined by " | ".
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from .limits import Deadline
from .types import BODY, FOOTER, HEADER, HEADING, LIST, TABLE_HEADER, TABLE_ROW, Paragraph

_HEADING_STYLE = re.compile(r"^(heading|rubrik|title|titel)\s*(\d)?", re.IGNORECASE)


def _is_bold_line(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    text = paragraph.text.strip()
    if not runs or len(text) > 120 or text.endswith((".", ",", ";")):
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font is not None and paragraph.style.font.bold)
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


def _style_of(paragraph) -> tuple[str, int]:
    name = paragraph.style.name if paragraph.style is not None else ""
    match = _HEADING_STYLE.match(name or "")
    if match:
        return HEADING, int(match.group(2) or 1)
    properties = paragraph._p.pPr
    if "List" in (name or "") or (properties is not None and properties.numPr is not None):
        return LIST, 0
    if _is_bold_line(paragraph):
        return HEADING, 2
    return BODY, 0


def _page_count(document) -> int:
    try:
        return max(1, int(document.part.package.app_properties.pages or 1))  # type: ignore[attr-defined]
    except Exception:
        pass
    try:
        for rel in (
            document.part.package.part_related_by(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
            )
            .blob.decode()
            .split("<Pages>")[1:2]
        ):
            return max(1, int(rel.split("<")[0]))
    except Exception:
        pass
    return 0


def read_docx(data: bytes, deadline: Deadline) -> tuple[list[Paragraph], int]:
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(data))
    out: list[Paragraph] = []
    page = 1
    breaks = 0

    def add(text: str, style: str, level: int = 0):
        if text.strip():
            out.append(Paragraph(text.strip(), page, style, level))

    def part(hf, style: str):
        if hf is not None and not hf.is_linked_to_previous:
            for paragraph in hf.paragraphs:
                add(paragraph.text, style)
            for table in hf.tables:
                for row in table.rows:
                    add(" | ".join(cell.text.strip() for cell in row.cells), style)

    sections = document.sections
    first = sections[0] if len(sections) else None
    if first is not None:
        if first.different_first_page_header_footer:
            part(first.first_page_header, HEADER)
        part(first.header, HEADER)
    for item in document.iter_inner_content():
        deadline.check()
        if isinstance(item, Table):
            for number, row in enumerate(item.rows):
                cells = []
                for cell in row.cells:
                    if not cells or cell._tc is not cells[-1][0]:  # merged cells repeat
                        cells.append((cell._tc, cell.text.strip()))
                bold = number == 0 and all(_is_bold_line(p) for c in row.cells for p in c.paragraphs if p.text.strip())
                add(" | ".join(text for _, text in cells), TABLE_HEADER if number == 0 and bold else TABLE_ROW)
            continue
        xml = item._p.xml
        breaks = xml.count('w:type="page"') + xml.count("lastRenderedPageBreak")
        style, level = _style_of(item)
        add(item.text, style, level)
        page += breaks
    if first is not None:
        if first.different_first_page_header_footer:
            part(first.first_page_footer, FOOTER)
        part(first.footer, FOOTER)
    return out, max(page, _page_count(document))


_ODT = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _odt_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.split("}")[-1]
        if tag == "line-break":
            parts.append("\n")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "s":
            parts.append(" " * int(child.get(f"{{{_ODT['text']}}}c", "1")))
        elif tag not in ("note", "annotation"):
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_odt(data: bytes, deadline: Deadline) -> tuple[list[Paragraph], int]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        content = package.read("content.xml")
    root = ElementTree.fromstring(content)  # expat: no external entities, entity expansion capped
    body = root.find("office:body/office:text", _ODT)
    out: list[Paragraph] = []
    if body is None:
        return out, 1

    def walk(element, in_list: bool = False):
        for child in element:
            deadline.check()
            tag = child.tag.split("}")[-1]
            if tag == "h":
                level = int(child.get(f"{{{_ODT['text']}}}outline-level", "1"))
                text = _odt_text(child).strip()
                if text:
                    out.append(Paragraph(text, 1, HEADING, level))
            elif tag == "p":
                text = _odt_text(child).strip()
                if text:
                    out.append(Paragraph(text, 1, LIST if in_list else BODY))
            elif tag in ("list", "list-item"):
                walk(child, True)
            elif tag == "table":
                for number, row in enumerate(child.iter(f"{{{_ODT['table']}}}table-row")):
                    cells = [_odt_text(c).strip() for c in row.iter(f"{{{_ODT['table']}}}table-cell")]
                    if any(cells):
                        out.append(Paragraph(" | ".join(cells), 1, TABLE_ROW if number else TABLE_HEADER))
            elif tag in ("section", "div"):
                walk(child, in_list)

    walk(body)
    return out, 1
