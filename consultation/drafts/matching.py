"""Matching an imported revision's sections to the previous version: by heading, number and text.

A revised draft comes back as a file whose sections have been renumbered, renamed, split and
merged. Each section of the file is proposed a counterpart in the previous version, so that its
stable key (and with it every comment, position and comparison) carries over:

1. the same heading (case and spacing aside) wins;
2. otherwise the most similar text, if similar enough, with the same number as a tie-break;
3. otherwise the same number, if the texts are not clearly different;
4. a section whose text is mostly taken from a previous section that already has its
   counterpart is a part split off from it: it gets a new key and says where it came from;
5. anything else is new.

A previous section that no section of the file takes is removed. The person importing sees the
proposal with its reason and may change any match before saving (`apply_choices`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TYPE_CHECKING

from ..errors import N_, ValidationFailed, msg
from .models import Section

if TYPE_CHECKING:
    from .versions import ParsedSection

SIMILAR = 0.55  # text similarity above which two sections are the same one, reworded
DIFFERENT = 0.2  # below this, the same number is a coincidence, not the same section
SPLIT_SHARE = 0.6  # share of a section's words found in an already matched section: split off from it
NEW = ""  # the choice "a new section"


class Reason(StrEnum):
    HEADING = "heading"
    TEXT = "text"
    NUMBER = "number"
    SPLIT = "split"
    NEW = "new"
    CHOSEN = "chosen"  # the person importing chose it


@dataclass(frozen=True)
class Match:
    """The proposal for one section of the file."""

    index: int  # the section's place in the file
    key: str | None  # the previous section it continues, None for a new section
    reason: Reason
    similarity: float  # of the texts, 0–1, for the page
    derived_from: tuple[str, ...] = ()  # for a split-off part: the section it came from


@dataclass(frozen=True)
class Matching:
    matches: list[Match]
    removed: list[Section]  # previous sections no section of the file continues

    @property
    def counts(self) -> dict[str, int]:
        return {
            "matched": sum(1 for m in self.matches if m.key is not None),
            "new": sum(1 for m in self.matches if m.key is None and not m.derived_from),
            "split": sum(1 for m in self.matches if m.derived_from),
            "removed": len(self.removed),
        }


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _similarity(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _share_in(part: list[str], whole: list[str]) -> float:
    """How much of `part`'s words (as a multiset) occur in `whole`."""
    if not part:
        return 0.0
    pool: dict[str, int] = {}
    for word in whole:
        pool[word] = pool.get(word, 0) + 1
    found = 0
    for word in part:
        if pool.get(word, 0) > 0:
            pool[word] -= 1
            found += 1
    return found / len(part)


def _heading(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_sections(previous: list[Section], parsed: list[ParsedSection]) -> Matching:
    """Propose for each parsed section its counterpart in `previous` (see the module's rules)."""
    old_words = {s.key: _words(s.body) for s in previous}
    new_words = [_words(p.body) for p in parsed]
    taken: dict[str, int] = {}
    found: dict[int, Match] = {}

    by_heading: dict[str, str] = {}
    for section in previous:
        by_heading.setdefault(_heading(section.heading), section.key)
    for i, section in enumerate(parsed):
        key = by_heading.get(_heading(section.heading))
        if key is not None and key not in taken:
            taken[key] = i
            found[i] = Match(i, key, Reason.HEADING, _similarity(new_words[i], old_words[key]))

    # Reworded and renamed: the most similar pairs first, so each takes its best partner.
    scores = []
    for i, section in enumerate(parsed):
        if i in found:
            continue
        for old in previous:
            if old.key in taken:
                continue
            score = _similarity(new_words[i], old_words[old.key])
            scores.append((score, old.number == section.number, -i, old.key))
    for score, _same_number, minus_i, key in sorted(scores, reverse=True):
        i = -minus_i
        if score < SIMILAR:
            break
        if i in found or key in taken:
            continue
        taken[key] = i
        found[i] = Match(i, key, Reason.TEXT, score)

    by_number = {s.number: s.key for s in previous}
    for i, section in enumerate(parsed):
        if i in found:
            continue
        key = by_number.get(section.number)
        if key is not None and key not in taken:
            score = _similarity(new_words[i], old_words[key])
            if score >= DIFFERENT or not (new_words[i] and old_words[key]):
                taken[key] = i
                found[i] = Match(i, key, Reason.NUMBER, score)

    for i in range(len(parsed)):
        if i in found:
            continue
        best = max(
            ((_share_in(new_words[i], old_words[s.key]), s.key) for s in previous if s.key in taken),
            default=(0.0, ""),
        )
        if best[0] >= SPLIT_SHARE and len(new_words[i]) >= 5:
            found[i] = Match(i, None, Reason.SPLIT, best[0], derived_from=(best[1],))
        else:
            found[i] = Match(i, None, Reason.NEW, 0.0)

    removed = [s for s in previous if s.key not in taken]
    return Matching([found[i] for i in range(len(parsed))], removed)


def apply_choices(matching: Matching, previous: list[Section], choices: dict[int, str]) -> Matching:
    """The proposal with the person's choices: {section index: previous key, or NEW}; refused if two take one key."""
    known = {s.key for s in previous}
    matches = []
    for match in matching.matches:
        choice = choices.get(match.index)
        if choice is None or choice == (match.key or NEW):
            matches.append(match)
        elif choice == NEW:
            matches.append(replace(match, key=None, reason=Reason.CHOSEN, derived_from=()))
        elif choice in known:
            matches.append(replace(match, key=choice, reason=Reason.CHOSEN, derived_from=()))
        else:
            raise ValidationFailed(
                {"matches": [msg(N_("Välj ett avsnitt ur den förra versionen, eller nytt avsnitt."))]}
            )
    keys = [m.key for m in matches if m.key is not None]
    if len(keys) != len(set(keys)):
        raise ValidationFailed(
            {
                "matches": [
                    msg(
                        N_(
                            "Två avsnitt i filen motsvarar samma avsnitt i den förra versionen. Välj nytt avsnitt "
                            "för det ena."
                        )
                    )
                ]
            }
        )
    used = set(keys)
    return Matching(matches, [s for s in previous if s.key not in used])
