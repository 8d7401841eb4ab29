"""Word-level diffs of revised Swedish paragraphs: the candidates for consultation/drafts/word_diff.py.

    .venv/bin/python bench/word_diff.py [--repeat 200]

Candidates: difflib over word tokens (raw opcodes, and with word_diff's glueing of short unchanged
stretches: what the project uses), and diff-match-patch (`pip install diff-match-patch`, not a
dependency) by character with its semantic cleanup, and in word mode (words mapped to characters,
the library's documented line-mode trick) with the same cleanup. For each it prints the insertions
plus deletions a reader sees, how many of them start or end inside a word ("kommuner|na|": unreadable
as track changes), and the time per paragraph pair.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultation.drafts.word_diff import Op, changed_pieces, diff_words, tokens

# (version 1, version 2) of paragraphs revised the way a working group revises a strategy.
PAIRS = [
    (
        "Regionen ska verka för att kompetensförsörjningen stärks i hela länet, särskilt inom vård och "
        "omsorg. Samverkan mellan kommuner, lärosäten och näringsliv är avgörande.",
        "Regionen ska aktivt verka för att kompetensförsörjningen stärks i alla delar av länet, särskilt "
        "inom vård, omsorg och industrin. Samverkan mellan kommunerna, lärosätena och näringslivet är "
        "avgörande för en hållbar utveckling.",
    ),
    (
        "Kollektivtrafiken ska byggas ut så att fler kan pendla mellan länets orter. Restiden till "
        "regioncentrum ska inte överstiga 60 minuter.",
        "Kollektivtrafiken ska utvecklas så att fler kan pendla hållbart mellan länets orter och till "
        "grannlänen. Restiden till regioncentrum bör inte överstiga 45 minuter för de flesta invånare.",
    ),
    (
        "Besöksnäringen är en viktig del av landsbygdens ekonomi. Regionen stödjer företag som vill "
        "utveckla nya upplevelser året runt.",
        "Besöksnäringen och kulturen är viktiga delar av landsbygdens ekonomi. Regionen stödjer små "
        "företag och föreningar som vill utveckla hållbara upplevelser året runt, i samråd med samerna.",
    ),
    (
        "Bredband ska finnas i alla hushåll senast 2025.",
        "Snabbt bredband ska finnas i alla hushåll och företag senast 2030; mobiltäckningen ska förbättras "
        "längs vägarna.",
    ),
    (
        "Målet är ett klimatneutralt län år 2045. Energieffektivisering och förnybar el är centrala.",
        "Målet är ett klimatneutralt län år 2040. Energieffektivisering, förnybar el och cirkulär ekonomi "
        "är centrala, liksom skogens roll som kolsänka.",
    ),
]

_WORD = re.compile(r"\w")


def difflib_raw(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def difflib_glued(old: str, new: str) -> list[tuple[str, str]]:
    sign = {Op.EQUAL: "=", Op.DELETE: "-", Op.INSERT: "+"}
    pieces = diff_words(old, new)
    assert changed_pieces(pieces) == sum(1 for p in pieces if p.op is not Op.EQUAL)
    return [(sign[p.op], p.text) for p in pieces]


def _dmp():
    import diff_match_patch

    return diff_match_patch.diff_match_patch()


def dmp_chars(old: str, new: str) -> list[tuple[str, str]]:
    d = _dmp()
    diffs = d.diff_main(old, new)
    d.diff_cleanupSemantic(diffs)
    return [({0: "=", -1: "-", 1: "+"}[op], text) for op, text in diffs]


def dmp_words(old: str, new: str) -> list[tuple[str, str]]:
    d = _dmp()
    table: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in tokens(text):
            if token not in table:
                table[token] = chr(len(words) + 1)
                words.append(token)
            out.append(table[token])
        return "".join(out)

    diffs = d.diff_main(encode(old), encode(new), False)
    d.diff_cleanupSemantic(diffs)
    return [({0: "=", -1: "-", 1: "+"}[op], "".join(words[ord(c) - 1] for c in text)) for op, text in diffs]


def _mid_word_cuts(pieces: list[tuple[str, str]]) -> int:
    """Changes whose edge splits a word: a word character on both sides of the boundary."""
    cuts = 0
    for index in range(len(pieces) - 1):
        (left_sign, left), (right_sign, right) = pieces[index], pieces[index + 1]
        # Only where unchanged text meets a change: a deletion next to its insertion splits nothing.
        if (
            (left_sign == "=") != (right_sign == "=")
            and left
            and right
            and _WORD.match(left[-1])
            and _WORD.match(right[0])
        ):
            cuts += 1
    return cuts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    candidates = {"difflib, ord": difflib_raw, "difflib, ord + lim (vald)": difflib_glued}
    try:
        _dmp()
        candidates |= {"diff-match-patch, tecken": dmp_chars, "diff-match-patch, ord": dmp_words}
    except ImportError:
        print("(diff-match-patch not installed: pip install diff-match-patch to compare it)")
    print(f"{'candidate':28} {'changes':>8} {'mid-word':>9} {'µs/pair':>9}")
    for name, diff in candidates.items():
        changes = cuts = 0
        for old, new in PAIRS:
            pieces = diff(old, new)
            assert "".join(t for s, t in pieces if s != "+") == old, name
            assert "".join(t for s, t in pieces if s != "-") == new, name
            changes += sum(1 for s, _t in pieces if s != "=")
            cuts += _mid_word_cuts(pieces)
        started = time.perf_counter()
        for _ in range(args.repeat):
            for old, new in PAIRS:
                diff(old, new)
        micros = (time.perf_counter() - started) / (args.repeat * len(PAIRS)) * 1e6
        print(f"{name:28} {changes:8d} {cuts:9d} {micros:9.0f}")
    old, new = PAIRS[0]
    for name, diff in candidates.items():
        shown = "".join(t if s == "=" else f"[{s}{t}]" for s, t in diff(old, new))
        print(f"\n{name}:\n  {shown}")


if __name__ == "__main__":
    main()
