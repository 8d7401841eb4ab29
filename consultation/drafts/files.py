"""Reading a draft from an uploaded file: Markdown (.md) or Word (.docx).

A file is judged by its content, not its name: a .docx must be a Word document
package, and a Markdown file must be UTF-8 text.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import N_, ValidationFailed, msg
from ..uploads import check_zip
from .versions import ParsedDraft, parse_markdown

MAX_DRAFT_BYTES = 10 * 1024 * 1024
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*([1-3])$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|lista|punktlista|numrerad lista)", re.IGNORECASE)


def _fail(text: str, **params) -> ValidationFailed:
    return ValidationFailed({"file": [msg(text, **params)]})


def read_draft(filename: str, data: bytes) -> ParsedDraft:
    """Parse an uploaded draft; the kind is decided by what the bytes are."""
    if not data:
        raise _fail(N_("Filen är tom."))
    if len(data) > MAX_DRAFT_BYTES:
        raise _fail(N_("Filen är för stor: högst %(mb)s MB."), mb=MAX_DRAFT_BYTES // (1024 * 1024))
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return parse_docx(data)
    if name.endswith(".docx"):
        raise _fail(N_("Filen heter .docx men är inte ett Word-dokument. Spara den på nytt från Word."))
    return parse_markdown(_decode_text(data))


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise _fail(N_("Filen är inte en textfil. Ladda upp förslaget som Markdown (.md) eller Word (.docx)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(N_("Filen är inte sparad som UTF-8-text. Spara den som UTF-8 eller som Word (.docx).")) from error
    if text.lstrip().lower().startswith(("<!doctype", "<html", "<?xml", "<svg")):
        raise _fail(N_("Filen är HTML eller XML, inte Markdown."))
    return text


def parse_docx(data: bytes) -> ParsedDraft:
    """Word heading styles 1–3 become sections; paragraphs and lists become Markdown body text."""
    import docx  # python-docx

    try:
        check_zip(data)  # before any XML is parsed
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content_types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError) as error:
        raise _fail(N_("Filen är inte ett Word-dokument (.docx).")) from error
    if _WORD_MAIN not in content_types:
        raise _fail(N_("Filen är ett Office-paket men inte ett Word-dokument (.docx)."))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise _fail(N_("Word-dokumentet kunde inte läsas; det kan vara skadat.")) from error

    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = _HEADING_STYLE.match(style.strip())
        if heading and text:
            lines += ["", "#" * int(heading.group(1)) + " " + " ".join(text.split()), ""]
        elif not text:
            lines.append("")
        elif _LIST_STYLE.match(style.strip()):
            lines.append(f"- {_escape_markdown(text)}")
        else:
            lines += [_escape_markdown(text), ""]
    return parse_markdown("\n".join(lines))


def _escape_markdown(text: str) -> str:
    """Word text is plain text: keep characters that Markdown would read as syntax literal."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    return re.sub(r"^(\s*)([#>+-]|\d+[.)])(\s)", r"\1\\\2\3", text)
