"""Stance per comment against the labelled remiss comments: accuracy, macro-F1, P/R/F1, confusion.

    .venv/bin/python bench/stance.py

Reads ../shared/data/remiss-stance/comments.jsonl (or SAMRAD_SHARED_DATA). Prints per class
precision, recall and F1, the confusion matrix (rows: label, columns: predicted) and the same
numbers for the Swedish and the English comments apart. Target: macro-F1 >= 0.75.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.stance import STANCES, stance_of

SHARED_DATA = Path(os.environ.get("SAMRAD_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
COMMENTS = SHARED_DATA / "remiss-stance" / "comments.jsonl"
TARGET_MACRO_F1 = 0.75


def load(path: Path = COMMENTS) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def scores(gold: list[str], predicted: list[str]) -> dict:
    """Accuracy, macro-F1, per class (P, R, F1, support) and the confusion counts."""
    confusion = {(g, p): 0 for g in STANCES for p in STANCES}
    for g, p in zip(gold, predicted, strict=True):
        confusion[(g, p)] += 1
    per_class = {}
    for c in STANCES:
        tp = confusion[(c, c)]
        n_pred = sum(confusion[(o, c)] for o in STANCES)
        n_gold = sum(confusion[(c, o)] for o in STANCES)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = (precision, recall, f1, n_gold)
    present = [c for c in STANCES if per_class[c][3]]
    macro = sum(per_class[c][2] for c in present) / len(present) if present else 0.0
    accuracy = sum(confusion[(c, c)] for c in STANCES) / len(gold) if gold else 0.0
    return {"accuracy": accuracy, "macro_f1": macro, "per_class": per_class, "confusion": confusion}


def predict(rows: list[dict]) -> list[str]:
    return [stance_of(row["text"], row.get("lang")).label for row in rows]


def report(name: str, rows: list[dict]) -> dict:
    result = scores([row["stance"] for row in rows], predict(rows))
    print(f"\n{name}: n={len(rows)}  accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}")
    print(f"  {'class':<8} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for c in STANCES:
        p, r, f, n = result["per_class"][c]
        print(f"  {c:<8} {p:6.3f} {r:6.3f} {f:6.3f} {n:4d}")
    print("  confusion (rows label, columns predicted):")
    print(f"  {'':<8} " + " ".join(f"{c:>8}" for c in STANCES))
    for g in STANCES:
        print(f"  {g:<8} " + " ".join(f"{result['confusion'][(g, p)]:8d}" for p in STANCES))
    return result


def main() -> int:
    if not COMMENTS.exists():
        print(f"missing {COMMENTS} (set SAMRAD_SHARED_DATA)")
        return 1
    rows = load()
    overall = report("all", rows)
    report("Swedish", [row for row in rows if row.get("lang") == "sv"])
    report("English", [row for row in rows if row.get("lang") == "en"])
    met = overall["macro_f1"] >= TARGET_MACRO_F1
    print(f"\ntarget macro-F1 >= {TARGET_MACRO_F1}: {'met' if met else 'NOT met'} ({overall['macro_f1']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
