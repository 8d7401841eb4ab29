"""Loading the labelled sets in ../shared/data for the benchmarks."""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SAMRAD_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def sib(lang: str) -> list[tuple[str, str, str]]:
    """(id, text, label) for SIB-200 train+dev in one language."""
    rows = []
    for split in ("train", "dev"):
        for row in _tsv(SHARED / "sib200" / lang / f"{split}.tsv"):
            rows.append((f"{split}-{row['index_id']}", row["text"], row["category"]))
    return rows


def sib_mixed(share: float = 0.3, seed: int = 7) -> list[tuple[str, str, str, str]]:
    """Swedish SIB with `share` of the sentences swapped for their English twins: (id, text, label, lang)."""
    english = {rid: text for rid, text, _ in sib("eng_Latn")}
    rng = random.Random(seed)
    out = []
    for rid, text, label in sib("swe_Latn"):
        if rid in english and rng.random() < share:
            out.append((rid, english[rid], label, "en"))
        else:
            out.append((rid, text, label, "sv"))
    return out


def bonn() -> list[dict]:
    with (SHARED / "cycling-bonn" / "bonn.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def bonn_level1() -> list[tuple[str, str, str]]:
    return [(r["ID"], f"{r['title']}. {r['text']}", r["main_category_level1"]) for r in bonn()]


def bonn_level2() -> list[tuple[str, str, str]]:
    """Scored against the first level-2 sub-theme set on each contribution (rows with none are left out)."""
    out = []
    for r in bonn():
        subs = [k for k, v in r.items() if k.startswith("level2_") and v.strip() in ("1", "1.0", "True", "true")]
        if subs:
            out.append((r["ID"], f"{r['title']}. {r['text']}", subs[0]))
    return out


def half(rows: list, seed: int = 11) -> list:
    """A random half of a set's rows (the same half every run)."""
    rng = random.Random(seed)
    return [row for row in rows if rng.random() < 0.5]
