"""OCR of pages without a text layer: pdfium renders the page, Tesseract (Swedish + English) reads it.

Tesseract is a Debian package (tesseract-ocr, tesseract-ocr-swe), called as a program with a time
cap; where it is missing or fails the page is reported as unread, never as a crash.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from functools import cache

from .pdf import Line, PageLines

DPI = 300


@cache
def languages() -> str | None:
    """ "swe+eng" (or what of it is installed), None where Tesseract is missing."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=20).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    wanted = [lang for lang in ("swe", "eng") if lang in listed]
    return "+".join(wanted) if wanted else None


def available() -> bool:
    return languages() is not None


def _pgm(page) -> bytes:
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
        if pixels.ndim == 3:
            pixels = pixels[..., 0]
        height, width = pixels.shape
        return f"P5 {width} {height} 255\n".encode() + pixels.astype("uint8").tobytes()
    finally:
        bitmap.close()


def ocr_page(page, number: int, seconds: float) -> PageLines | None:
    """The page's lines as Tesseract reads them, or None where it cannot (missing, failed, too slow)."""
    langs = languages()
    if langs is None or seconds <= 1:
        return None
    _, height = page.get_size()
    image = _pgm(page)
    scale = DPI / 72
    with tempfile.TemporaryDirectory(prefix="samrad-ocr-") as folder:
        path = os.path.join(folder, "page.pgm")
        with open(path, "wb") as handle:
            handle.write(image)
        try:
            done = subprocess.run(
                ["tesseract", path, "stdout", "-l", langs, "--psm", "3", "tsv"],
                capture_output=True,
                timeout=seconds,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        except (OSError, subprocess.SubprocessError):
            return None
    if done.returncode != 0:
        return None
    words: dict[tuple[int, int, int], list[dict]] = defaultdict(list)
    for row in csv.DictReader(
        io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    ):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            words[(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))].append(row)
    result = PageLines(number, height)
    for key in sorted(words, key=lambda k: min(int(w["top"]) for w in words[k])):
        row = words[key]
        top = min(int(w["top"]) for w in row) / scale
        bottom = max(int(w["top"]) + int(w["height"]) for w in row) / scale
        text = " ".join(w["text"].strip() for w in row)
        result.lines.append(
            Line(
                text=text,
                top=top,
                bottom=bottom,
                left=min(int(w["left"]) for w in row) / scale,
                size=0.0,
                right=max(int(w["left"]) + int(w["width"]) for w in row) / scale,
                bold=False,
                page=number,
                page_height=height,
                chars=len(text),
                block=key[:2],
            )
        )
    return result
