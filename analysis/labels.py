"""Readable theme labels: class-based TF-IDF over lemmas (unigrams and bigrams) with a diversity step.

A term's weight in a theme is the share of the theme's texts that use it (not how often
it occurs, so one very long text cannot name its theme alone), times the log of how much
more common it is in the theme than in all texts (class-based TF-IDF in its
information-theoretic form). Terms are chosen and compared as lemmas, but shown as the form people wrote
most often ("bussar", "kollektivtrafiken"), since a lookup lemma can read oddly.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

MAX_TERMS = 10
LABEL_TERMS = 3
MIN_TERMS = 3  # a theme gets at least this many terms if its texts have that many words
MIN_SHARED = 2  # in a theme of 5+ texts, a term must come from at least two of them


def _ngrams(lemmas: list[str], follows: list[bool]) -> set[str]:
    pairs = zip(lemmas, lemmas[1:], follows[1:])
    return set(lemmas) | {f"{a} {b}" for a, b, adjacent in pairs if adjacent and a != b}


def written_forms(lemmas_per_item: list[list[str]], forms_per_item: list[list[str]]) -> dict[str, str]:
    """Each lemma's commonest written form (ties: the shorter, then alphabetical)."""
    counts: dict[str, Counter] = {}
    for lemmas, forms in zip(lemmas_per_item, forms_per_item, strict=True):
        for lemma, form in zip(lemmas, forms):
            counts.setdefault(lemma, Counter())[form] += 1
    return {lemma: min(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for lemma, c in counts.items()}


def theme_terms(
    lemmas_per_item: list[list[str]],
    labels: np.ndarray,
    k: int,
    display: dict[str, str] | None = None,
    follows_per_item: list[list[bool]] | None = None,
) -> list[list[str]]:
    """For each theme, its most distinctive terms, skipping terms that repeat a word already chosen."""
    display = display or {}
    df = [Counter() for _ in range(k)]
    sizes = np.zeros(k)
    follows_per_item = follows_per_item or [[True] * len(lemmas) for lemmas in lemmas_per_item]
    for lemmas, follows, label in zip(lemmas_per_item, follows_per_item, labels, strict=True):
        df[label].update(_ngrams(lemmas, follows))
        sizes[label] += 1
    overall = Counter()
    for counter in df:
        overall.update(counter)
    total = max(1.0, float(sizes.sum()))
    results = []
    for theme, counter in enumerate(df):
        size = max(1.0, sizes[theme])
        # share in the theme × log(share in the theme / share overall): high for words many of
        # the theme's texts use and few others do; zero for words used everywhere alike.
        scored = sorted(
            (
                -(count / size) * np.log((count / size) / (overall[term] / total)) * (1.15 if " " in term else 1.0),
                term,
                count,
            )
            for term, count in counter.items()
        )
        needed = MIN_SHARED if size >= 5 else 1
        chosen = _diverse([term for _s, term, count in scored if count >= needed])
        if len(chosen) < MIN_TERMS:  # a small or scattered theme: single-text terms are better than none
            chosen = _diverse(chosen + [term for _s, term, count in scored if count < needed])
        results.append([" ".join(display.get(word, word) for word in term.split()) for term in chosen])
    return results


def _diverse(terms: list[str]) -> list[str]:
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        # Diversity: a term that repeats a word of a chosen term adds little.
        if any(words & set(other.split()) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == MAX_TERMS:
            break
    return chosen


def label_from(terms: list[str], fallback: str) -> str:
    return ", ".join(terms[:LABEL_TERMS]) if terms else fallback
