"""Zip packages (.docx, .xlsx, .pptx, .odt …) checked before anything unpacks or parses them.

A 1 MB .docx can expand to gigabytes: uploaded as a meeting document it took 2 GB, and a
`word/document.xml` of 256 MB packed into 763 kB kept the Word reader busy for minutes. So every
package is measured first, without keeping what it unpacks: the members' declared sizes, then
their actual sizes as they stream out (a header can lie, and the zip reader would believe it), against a cap on the number of members,
on the total unpacked size and on how much smaller than that the packed file may be.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib
from dataclasses import dataclass

from .errors import N_, ValidationFailed, msg

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 1_000
    max_total_bytes: int = 100 * 1024 * 1024
    # Unpacked size over packed size, of the whole package and of each member above `ratio_floor`:
    # ordinary Office XML packs 5–20 times; a bomb packs a thousand times or more.
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024


# Read at each call, so that a test (or a deployment) can set smaller limits.
LIMITS = ZipLimits()


def _refuse(text: str, **params) -> ValidationFailed:
    return ValidationFailed({"file": [msg(text, **params)]})


def _too_large(limits: ZipLimits) -> ValidationFailed:
    return _refuse(
        N_("Filen packas upp till mer än %(mb)s MB och kan inte tas emot."),
        mb=limits.max_total_bytes // (1024 * 1024),
    )


def _too_packed() -> ValidationFailed:
    return _refuse(
        N_("Filen är packad på ett sätt som vanliga dokument inte är (en så kallad zip-bomb) och tas inte emot.")
    )


def check_zip(data: bytes, limits: ZipLimits | None = None) -> None:
    """Refuse a package that unpacks to too much; a file that is no zip at all raises zipfile.BadZipFile."""
    limits = limits or LIMITS
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        if len(members) > limits.max_members:
            raise _refuse(N_("Filen innehåller för många delar: högst %(max)s."), max=limits.max_members)
        declared = sum(member.file_size for member in members)
        if declared > limits.max_total_bytes:
            raise _too_large(limits)
        if declared > limits.ratio_floor and declared > limits.max_ratio * max(len(data), 1):
            raise _too_packed()
        try:
            _measure(package, members, limits)
        except (zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as error:
            # A broken stream, an unknown compression or a password: not a package anyone can read.
            raise zipfile.BadZipFile(str(error)) from error


def _measure(package: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    total = 0
    for member in members:
        if member.file_size > limits.ratio_floor and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise _too_packed()
        # Python's reader stops at the declared size; told a larger one, it reads what is really there.
        probe = copy.copy(member)
        probe.file_size = limits.max_total_bytes + 1
        size = 0
        with package.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if total > limits.max_total_bytes:
                    raise _too_large(limits)
        if size != member.file_size:
            raise zipfile.BadZipFile(f"{member.filename}: {size} bytes, declared {member.file_size}")
