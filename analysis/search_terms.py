"""The words a text is found by: the analysis's lemmas, the words as written, and compound parts.

Both the index and the query go through the same functions, so SQLite and PostgreSQL (which
only see the resulting space-separated words) give the same hits. Swedish forms meet through
the lookup lemmas ("pendlingen" -> "pendling"); compounds through a split into two words the
lookup table knows ("kollektivtrafiken" -> "kollektiv" + "trafik").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import base_form, headwords, pipeline

_WORD = re.compile(r"[^\W\d_]+")
MIN_COMPOUND = 7  # shorter words are rarely compounds of two known words
MIN_PART = 3  # "tåg", "väg", "bo": shorter parts match too much
LINKS = ("", "s", "e", "a")  # Swedish linking letters: "arbetsmarknad", "pojkvän", "gatukök"
MAX_QUERY_WORDS = 12
# Definite and plural endings, longest first, taken off words the lookup table does not know
# ("pendlingen" -> "pendling"): the table lists common words only, and new compounds are many.
ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "en", "et", "ar", "er", "or")
MIN_STEM = 5


def words(text: str) -> list[str]:
    """The written words of a text, lower-cased (what is highlighted and indexed)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=50_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The terms one written word is indexed under: itself, its lemma and its compound parts."""
    word = word.lower()
    found = dict.fromkeys([word])
    lemma = _lemma(word)
    found[lemma] = None
    for part in split_compound(lemma) or split_compound(word):
        found[part] = None
        found[_lemma(part)] = None
    return tuple(term for term in found if len(term) >= 2)


def index_terms(text: str) -> str:
    """The text's search terms, space separated, for the full-text index (FTS5 or tsvector 'simple')."""
    return " ".join(term for word in words(text) for term in word_terms(word))


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Per query word (at most MAX_QUERY_WORDS), the terms any of which matches it.

    A query word matches through its own form and its lemma, never through its compound parts:
    "kollektivtrafik" finds "kollektivtrafiken", but not every text about "trafik".
    """
    wanted: list[tuple[str, ...]] = []
    for word in dict.fromkeys(words(query)):
        if len(word) < 2:
            continue
        wanted.append(tuple(dict.fromkeys([word, _lemma(word)])))
        if len(wanted) == MAX_QUERY_WORDS:
            break
    return wanted


def matches(word: str, wanted: list[tuple[str, ...]]) -> bool:
    """Whether a written word is one the query finds (for highlighting)."""
    terms = set(word_terms(word))
    return any(terms.intersection(alternatives) for alternatives in wanted)


def split_compound(word: str) -> tuple[str, ...]:
    """Two known words the compound is made of, the longest last part first; () if none."""
    if len(word) < MIN_COMPOUND:
        return ()
    known = headwords("sv")
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        tail_lemma = _lemma(head)
        if head not in known and tail_lemma not in known:
            continue
        for link in LINKS:
            first = word[:cut]
            if link and not first.endswith(link):
                continue
            first = first[: len(first) - len(link)] if link else first
            if len(first) >= MIN_PART and first in known:
                return (first, tail_lemma if tail_lemma in known else head)
    return ()


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    table = _lookup()
    if table is None:
        return word
    if word in table:
        return base_form(word, table[word].lower(), "sv")
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=1)
def _lookup():
    try:
        return pipeline("sv").get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):
        return None


SNIPPET_CHARS = 400


def highlight(text: str, wanted: list[tuple[str, ...]], limit: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The text (around its first match, at most about `limit` characters) as (piece, matched) pairs.

    The pieces are plain text: whoever shows them escapes them and marks the matched ones.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if wanted and matches(m.group(), wanted)]
    start = 0
    if len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 4)
        while 0 < start < len(text) and not text[start - 1].isspace():  # begin at a word
            start += 1
    end = min(len(text), start + limit)
    while end < len(text) and not text[end].isspace():  # end at a word
        end += 1
    pieces: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        if span_start > position:
            pieces.append((text[position:span_start], False))
        pieces.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces
