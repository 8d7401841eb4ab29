"""Swedish sorting: how right and how fast each candidate is, to choose the one consultation/collation.py uses.

    .venv/bin/python bench/collation.py [--names 20000]

Candidates: code-point order with casefold (what the lists did), pyuca with the Swedish tailoring in
consultation/collation.py, and PyICU's "sv" collator when `icu` is importable (PyICU has no wheels on
PyPI; a third party's pyicu-wheels does). For each it prints how many of the reference pairs it puts
in Swedish order (å ä ö after z, æ as ä, ø as ö, ü as y, lower case first), the time to build the
collator, and sort keys per second over generated organisation names.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each pair must sort left before right (SAOL and CLDR's Swedish rules).
REFERENCE = [
    ("Zeta", "Åhamn"),
    ("Åhamn", "Älvstrand"),
    ("Älvstrand", "Örebro"),
    ("aa", "Ab"),
    ("Zürich", "Åre"),
    ("Ystad", "Zeta"),
    ("zzz", "å"),
    ("ångest", "Ångest"),
    ("lund", "Lund"),
    ("Eva", "Éva"),
    ("Vera", "Wera"),
    ("Ärla", "Ærø"),
    ("Ærø", "Ödeshög"),
    ("Öster", "Øster"),
    ("Mylla", "Müller"),
    ("Müller", "Myr"),
    ("Arboga", "Åmål"),
    ("Vänersborg", "Vännäs"),
    ("Zinkgruvan", "Älmhult"),
    ("Åsele", "Åtvidaberg"),
]


def candidates():
    found = {"code points (casefold)": (0.0, str.casefold)}
    start = time.perf_counter()
    from consultation.collation import sort_key

    sort_key("a")
    # Unwrapped: each key computed, as on the first view of a list.
    found["pyuca + Swedish tailoring"] = (time.perf_counter() - start, sort_key.__wrapped__)
    try:
        import icu
    except ImportError:
        print("PyICU: not importable here (no PyPI wheel of PyICU itself); left out", file=sys.stderr)
    else:
        start = time.perf_counter()
        collator = icu.Collator.createInstance(icu.Locale("sv_SE"))
        found[f"PyICU {icu.VERSION} (ICU {icu.ICU_VERSION}) sv"] = (time.perf_counter() - start, collator.getSortKey)
    return found


def names(count: int) -> list[str]:
    rng = random.Random(2040)
    starts = ["Å", "Ä", "Ö", "A", "Z", "Y", "M", "S", "V", "W", "L", "K"]
    parts = ["lvstrand", "hamn", "rebro", "sele", "kommun", "byn", "dal", "ängen", "öster", "sjö", "å", "berga"]
    return [
        f"{rng.choice(starts)}{rng.choice(parts)}{rng.choice(parts)} {rng.choice(['kommun', 'AB', 'förening'])} {n}"
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=20000)
    args = parser.parse_args()
    texts = names(args.names)
    print(f"{'candidate':45} {'right pairs':>12} {'setup s':>8} {'keys/s':>10} {'sort ms':>8}  ({len(texts)} names)")
    for name, (setup, key) in candidates().items():
        right = sum(1 for a, b in REFERENCE if key(a) < key(b))
        start = time.perf_counter()
        for text in texts:
            key(text)
        keys_per_second = len(texts) / (time.perf_counter() - start)
        start = time.perf_counter()
        sorted(texts, key=key)
        sort_ms = (time.perf_counter() - start) * 1000
        print(f"{name:45} {right:>5} of {len(REFERENCE):<4} {setup:>8.2f} {keys_per_second:>10.0f} {sort_ms:>8.1f}")
    # consultation.collation keeps the keys it made: the second sort of the same names (the next page view).
    from consultation.collation import sort_key

    sorted(texts, key=sort_key)
    start = time.perf_counter()
    sorted(texts, key=sort_key)
    print(
        f"{'pyuca + Swedish tailoring, keys cached':45} {'':>12} {'':>8} {'':>10} {(time.perf_counter() - start) * 1000:>8.1f}"
    )


if __name__ == "__main__":
    main()
