"""read_letter: a PDF, .docx or .odt file's paragraphs, within the limits, without trusting the file."""

from __future__ import annotations

import io
import zipfile

from . import ocr
from .errors import FileTooLarge, LetterError, TooManyPages, UnsupportedFile
from .limits import LIMITS, Deadline, Limits, check_package
from .pdf import read_pdf
from .types import Letter
from .word import read_docx, read_odt

DOCX_MAIN = "word/document.xml"
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def sniff(data: bytes) -> str:
    """ "pdf", "docx" or "odt" from the file's first bytes and its package contents, never its name."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
                if DOCX_MAIN in names:
                    return "docx"
                if "mimetype" in names and package.read("mimetype").strip() == ODT_MIME and "content.xml" in names:
                    return "odt"
        except (zipfile.BadZipFile, ValueError, KeyError):
            pass
    raise UnsupportedFile("Filen är varken en PDF, ett Word-dokument (.docx) eller ett OpenDocument-dokument (.odt).")


def read_letter(data: bytes, filename: str = "", limits: Limits = LIMITS) -> Letter:
    """The letter's paragraphs with their pages and styles; raises a LetterError with a Swedish message."""
    if len(data) > limits.max_bytes:
        raise FileTooLarge(f"Filen är större än {limits.max_bytes // (1024 * 1024)} MB och kan inte läsas.")
    if not data:
        raise UnsupportedFile("Filen är tom.")
    kind = sniff(data)
    deadline = Deadline(limits.seconds)
    if kind == "pdf":

        def run_ocr(page, number, deadline):
            return ocr.ocr_page(page, number, min(limits.ocr_page_seconds, deadline.left()))

        paragraphs, pages, ocr_pages, unread, warnings = read_pdf(data, limits, deadline, run_ocr)
        if unread and not ocr.available():
            warnings.append("Textigenkänning (Tesseract) finns inte på servern, så inskannade sidor kan inte läsas.")
        return Letter(paragraphs, pages, kind, warnings, ocr_pages, unread)
    check_package(data, limits)
    try:
        paragraphs, pages = read_docx(data, deadline) if kind == "docx" else read_odt(data, deadline)
    except LetterError:
        raise
    except Exception as error:  # a package that is a zip but not a well-formed document
        raise UnsupportedFile("Dokumentet är skadat och kan inte läsas.") from error
    if pages > limits.max_pages:
        raise TooManyPages(f"Dokumentet har {pages} sidor; högst {limits.max_pages} sidor kan läsas.")
    return Letter(paragraphs, pages, kind)
