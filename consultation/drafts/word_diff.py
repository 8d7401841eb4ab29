"""Word-by-word differences between two plain texts, as a reader of track changes expects them.

Pure text work (no database). It lives beside the drafts rather than in `analysis/` because importing
`analysis` loads its clustering pipeline, which the web pages must not pay for.

The texts are split into words, runs of white space and single punctuation marks, and compared with
`difflib.SequenceMatcher` over those tokens; bench/word_diff.py measured it against diff-match-patch.
A change never starts or ends inside a word, and the white space or single short word left between two
changes is taken into them, so that "i hela länet" → "i alla delar av länet" reads as one deletion
and one insertion rather than a patchwork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# An unchanged stretch this short between two changes is read as part of them ("och", "i", ", ").
_GLUE_TOKENS = 2
_GLUE_CHARACTERS = 4


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`: unchanged, deleted and inserted text, in reading order.

    Joining the equal and deleted pieces gives `old`; joining the equal and inserted pieces gives `new`.
    """
    a, b = tokens(old), tokens(new)
    runs: list[tuple[Op, list[str], list[str]]] = []  # (op, old tokens, new tokens)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append((Op.EQUAL, a[i1:i2], b[j1:j2]))
        else:
            runs.append((Op.DELETE, a[i1:i2], b[j1:j2]))  # a change: old part deleted, new part inserted
    runs = _glue(runs)
    pieces: list[Piece] = []
    for op, old_part, new_part in runs:
        if op is Op.EQUAL:
            _append(pieces, Op.EQUAL, "".join(old_part))
        else:
            _append(pieces, Op.DELETE, "".join(old_part))
            _append(pieces, Op.INSERT, "".join(new_part))
    return pieces


def _glue(runs: list[tuple[Op, list[str], list[str]]]) -> list[tuple[Op, list[str], list[str]]]:
    """Take a short unchanged stretch between two changes into one change around all three."""
    merged: list[tuple[Op, list[str], list[str]]] = []
    index = 0
    while index < len(runs):
        op, old_part, new_part = runs[index]
        if op is Op.EQUAL and merged and merged[-1][0] is Op.DELETE and index + 1 < len(runs) and _is_glue(old_part):
            _previous, old_before, new_before = merged.pop()
            _next, old_after, new_after = runs[index + 1]
            merged.append((Op.DELETE, old_before + old_part + old_after, new_before + new_part + new_after))
            index += 2
            continue
        merged.append((op, list(old_part), list(new_part)))
        index += 1
    return merged


def _is_glue(part: list[str]) -> bool:
    words = [t for t in part if not t.isspace()]
    return len(words) <= 1 and len(part) <= _GLUE_TOKENS + 1 and sum(len(w) for w in words) <= _GLUE_CHARACTERS


def _append(pieces: list[Piece], op: Op, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op is op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


def changed_pieces(pieces: list[Piece]) -> int:
    """How many insertions and deletions a reader sees (a replacement counts as two)."""
    return sum(1 for p in pieces if p.op is not Op.EQUAL)
