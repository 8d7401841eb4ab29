"""Remissvar letters: reading and splitting measured against the answer key (issue 13).

    .venv/bin/python bench/letters.py [--no-ocr]

On ../shared/data/remissvar/ (six letters, each as .docx and .pdf, their draft and truth.jsonl),
per letter and in total, PDF and .docx separately:

- section: the share of the key's comment words that land in an excerpt of the right section
  (the key's "whole" is the splitter's None, the document as a whole);
- chapter: the same at chapter level ("4.1" and "4.3" are both "4");
- boilerplate precision and recall, word-weighted;
- seconds per page for read_letter and for split_letter (wall), and CPU seconds per page of both, with the e5 model loaded and the draft's
  sections embedded beforehand (as the platform has them), the letter's own text not.

Words are matched to the key by aligning the two word sequences (difflib), so text that moved
(a PDF's footers) or repeats is judged where it aligns; key words that align to nothing count
as wrong. Then OCR: one letter rasterised (pdftoppm, or pdfium where it is missing) into a PDF
without a text layer, read back; the share of the text layer's words that OCR recovers and
seconds per OCR page. Targets: >= 90 % section, boilerplate P/R >= 0.90, OCR >= 97 %,
<= 0.2 s per text page, <= 5 s per OCR page.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.letters import read_letter, sections_from_markdown, split_letter  # noqa: E402
from analysis.types import MemoryCache, NpzCache  # noqa: E402

DATA = Path(os.environ.get("SAMRAD_SHARED_DATA", ROOT.parent / "shared" / "data")) / "remissvar"


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.replace("\u00ad", "").lower())


def chapter(key):
    return None if key is None else key.split(".")[0]


def score(truth: dict, excerpts) -> dict:
    """Word counts for one letter: right section / chapter of comment words, boilerplate P/R."""
    t_words, t_labels = [], []
    for e in truth["excerpts"]:
        section = None if e["section"] in (None, "whole") else e["section"]
        for w in words(e["text"]):
            t_words.append(w)
            t_labels.append((e["kind"], section))
    p_words, p_labels = [], []
    for e in excerpts:
        for w in words(e.text):
            p_words.append(w)
            p_labels.append((e.kind, e.section_key))
    matcher = difflib.SequenceMatcher(None, t_words, p_words, autojunk=False)
    aligned = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            aligned[block.a + k] = block.b + k
    c = Counter()
    for i, (kind, section) in enumerate(t_labels):
        j = aligned.get(i)
        predicted = p_labels[j] if j is not None else None
        if kind == "comment":
            c["comment"] += 1
            if predicted and predicted[0] == "comment" and predicted[1] == section:
                c["section_ok"] += 1
            if predicted and predicted[0] == "comment" and chapter(predicted[1]) == chapter(section):
                c["chapter_ok"] += 1
        else:
            c["boiler"] += 1
            if predicted and predicted[0] == "boilerplate":
                c["boiler_found"] += 1
        if predicted and predicted[0] == "boilerplate":
            c["predicted_boiler"] += 1
            if kind == "boilerplate":
                c["predicted_boiler_ok"] += 1
    return c


def ratios(c: Counter) -> tuple[float, float, float, float]:
    return (
        c["section_ok"] / max(1, c["comment"]),
        c["chapter_ok"] / max(1, c["comment"]),
        c["predicted_boiler_ok"] / max(1, c["predicted_boiler"]),
        c["boiler_found"] / max(1, c["boiler"]),
    )


def cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract): wall time on a shared machine
    counts the others' load too."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def rasterise(pdf: Path, folder: Path) -> bytes:
    """The PDF as page images in a new PDF without a text layer."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "200", "-jpeg", str(pdf), str(folder / "page")], check=True)
        images = sorted(folder.glob("page*.jpg"))
        source = pdfium.PdfDocument(str(pdf))
        for n, path in enumerate(images):
            width, height = source[n].get_size()
            page = out.new_page(width, height)
            image = pdfium.PdfImage.new(out)
            image.load_jpeg(str(path), inline=False)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
    else:
        source = pdfium.PdfDocument(str(pdf))
        for n in range(len(source)):
            width, height = source[n].get_size()
            bitmap = source[n].render(scale=200 / 72, grayscale=True)
            page = out.new_page(width, height)
            image = pdfium.PdfImage.new(out)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
    target = folder / "scanned.pdf"
    out.save(str(target))
    return target.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--cache", help="keep vectors in this .npz between runs (for tuning; times are then warm)")
    parser.add_argument("--detail", action="store_true", help="print each excerpt that the key disagrees with")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    sections = sections_from_markdown((DATA / "draft.md").read_text(encoding="utf-8"))
    truths = [json.loads(line) for line in (DATA / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    cache = NpzCache(args.cache) if args.cache else MemoryCache()
    started = time.perf_counter()
    from analysis.embed import embed

    embed([f"{s.heading}. {s.text}" for s in sections], cache)
    from analysis.text import pipeline

    pipeline("sv"), pipeline("en")  # spaCy's lookup tables, loaded once per process
    print(f"e5 model loaded and draft sections embedded: {time.perf_counter() - started:.2f} s (once per draft)\n")

    header = (
        f"{'letter':32} {'kind':5} {'section':>8} {'chapter':>8} {'boil P':>7} {'boil R':>7}"
        f" {'read s/p':>9} {'split s/p':>9} {'cpu s/p':>8} {'pages':>5}"
    )
    print(header)
    print("-" * len(header))
    for ext in ("pdf", "docx"):
        total, reading, splitting, cpu_total, pages = Counter(), 0.0, 0.0, 0.0, 0
        for truth in truths:
            data = (DATA / f"{truth['file']}.{ext}").read_bytes()
            start, cpu_start = time.perf_counter(), cpu()
            letter = read_letter(data, f"{truth['file']}.{ext}")
            read = time.perf_counter() - start
            excerpts = split_letter(letter, sections, cache)
            split = time.perf_counter() - start - read
            spent = cpu() - cpu_start
            cpu_total += spent
            count = letter.pages
            c = score(truth, excerpts)
            total += c
            reading += read
            splitting += split
            pages += count
            s, ch, p, r = ratios(c)
            print(
                f"{truth['file']:32} {ext:5} {s:8.1%} {ch:8.1%} {p:7.2f} {r:7.2f}"
                f" {read / count:9.3f} {split / count:9.3f} {spent / count:8.3f} {count:5}"
            )
            if args.detail:
                for e in excerpts:
                    print(f"    {e.kind[:4]} {e.section_key!s:5} {e.confidence:.2f} {e.reason[:40]:40} {e.text[:70]!r}")
        s, ch, p, r = ratios(total)
        print(
            f"{'TOTAL':32} {ext:5} {s:8.1%} {ch:8.1%} {p:7.2f} {r:7.2f}"
            f" {reading / pages:9.3f} {splitting / pages:9.3f} {cpu_total / pages:8.3f} {pages:5}"
        )
        print()

    if args.cache:
        cache.save()
    if args.no_ocr:
        return
    from analysis.letters import ocr

    if not ocr.available():
        print("OCR: Tesseract is not installed (make tesseract); not measured.")
        return
    name = "01-ulvsjo-kommun"
    with tempfile.TemporaryDirectory() as folder:
        scanned = rasterise(DATA / f"{name}.pdf", Path(folder))
    reference = Counter(
        w for p in read_letter((DATA / f"{name}.pdf").read_bytes(), "a.pdf").paragraphs for w in words(p.text)
    )
    start, cpu_start = time.perf_counter(), cpu()
    letter = read_letter(scanned, "scanned.pdf")
    took, spent = time.perf_counter() - start, cpu() - cpu_start
    got = Counter(w for p in letter.paragraphs for w in words(p.text))
    recovered = sum(min(n, got[w]) for w, n in reference.items()) / sum(reference.values())
    print(
        f"OCR ({name}, rasterised at 200 dpi, {len(letter.ocr_pages)} of {letter.pages} pages by OCR): "
        f"{recovered:.1%} of the text layer's words recovered, {took / letter.pages:.2f} s per page"
        f" ({spent / letter.pages:.2f} s of CPU, Tesseract included)"
    )


if __name__ == "__main__":
    main()
