"""Limits that keep one bad file from hurting anyone, and the zip check for .docx/.odt packages.

The same measure as the app's upload check (consultation.uploads.check_zip), written again here
because the analysis may not import the domain: declared sizes first, then the actual sizes as the
members stream out (a header can lie), against caps on members, total size and packing ratio.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from dataclasses import dataclass

from .errors import FileTooLarge, ReadingTimedOut, UnsupportedFile, ZipBomb

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 200
    seconds: float = 600.0  # for the whole file, OCR included (Tesseract: about 6 s of CPU per page)
    ocr_page_seconds: float = 90.0
    zip_members: int = 1_000
    zip_total_bytes: int = 100 * 1024 * 1024
    zip_ratio: int = 100  # unpacked / packed, of the package and of each member above ratio_floor
    zip_ratio_floor: int = 1024 * 1024


LIMITS = Limits()


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.left() <= 0:
            raise ReadingTimedOut(
                f"Det tog för lång tid att läsa filen (mer än {self.seconds:g} sekunder). "
                "Klistra in texten eller dela upp dokumentet."
            )


def _bomb() -> ZipBomb:
    return ZipBomb("Filen är packad på ett sätt som vanliga dokument inte är (en så kallad zip-bomb) och läses inte.")


def _too_large(limits: Limits) -> FileTooLarge:
    mb = limits.zip_total_bytes // (1024 * 1024)
    return FileTooLarge(f"Filen packas upp till mer än {mb} MB och kan inte läsas.")


def check_package(data: bytes, limits: Limits = LIMITS) -> None:
    """Refuse a zip package that unpacks to too much, or that is no zip at all."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnsupportedFile("Filen är skadad eller inte ett Word- eller OpenDocument-dokument.") from error
    with package:
        members = package.infolist()
        if len(members) > limits.zip_members:
            raise ZipBomb(f"Filen innehåller för många delar: högst {limits.zip_members}.")
        if sum(m.file_size for m in members) > limits.zip_total_bytes:
            raise _too_large(limits)
        total = 0
        for member in members:
            size = 0
            try:
                with package.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if total > limits.zip_total_bytes:
                            raise _too_large(limits)
                        if size > limits.zip_ratio_floor and size > limits.zip_ratio * max(1, member.compress_size):
                            raise _bomb()
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError) as error:
                raise UnsupportedFile("Filen är skadad och kan inte läsas.") from error
        if total > limits.zip_ratio_floor and total > limits.zip_ratio * max(1, len(data)):
            raise _bomb()
