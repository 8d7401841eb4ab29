"""A theme's gist in two or three of its own sentences: central to the theme and different from each other.

Texts are chosen by maximal marginal relevance over the vectors the themes were formed from
(near the theme's centre, far from the texts already chosen), so the sentences come from
texts that say the theme's typical things in different ways rather than the same thing
three times. From each chosen text the sentence that carries most of the theme's key terms
is taken; a text's greeting or its sender's introduction carries none. Sentences are quoted
as written, never rewritten: a working group must be able to find them in the texts.
"""

from __future__ import annotations

import re

import numpy as np

SENTENCES = 3
# Weight of closeness to the centre against difference from the texts already chosen
# (Carbonell & Goldstein's λ). Texts of one theme lie close together and near its centre
# alike, so difference must weigh as much as closeness to count: at 0.7 a near copy of the
# first text (cosine 0.999) still beat a central text that said something else (0.88).
CENTRAL_WEIGHT = 0.5
CANDIDATES = 200  # only the texts nearest the centre compete: the choice stays cheap in a theme of thousands
MIN_CHARS, MAX_CHARS = 25, 300
STEM = 5  # key terms and words match on their first letters, so "bussar" finds "bussen"

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'«»(\[]?[A-ZÅÄÖÉÜ0-9])")
_WORD = re.compile(r"\w+", re.UNICODE)


def split_sentences(text: str) -> list[str]:
    """The text's sentences, split after . ! ? or … where the next one starts with a capital or a digit."""
    sentences = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*[-•*]\s)", text or ""):
        flat = " ".join(paragraph.split())
        sentences += [part.strip() for part in _SENTENCE_END.split(flat) if part.strip()]
    return sentences


def _stems(text: str) -> set[str]:
    return {word[:STEM] for word in _WORD.findall(text.lower()) if len(word) > 2}


def _best_sentence(text: str, term_stems: set[str]) -> str | None:
    """The sentence with most of the theme's key terms (the first of equals); a long one is cut at a word."""
    sentences = split_sentences(text)
    if not sentences:
        return None
    fitting = [s for s in sentences if MIN_CHARS <= len(s) <= MAX_CHARS]
    pool = fitting or sentences
    best = max(pool, key=lambda s: (len(_stems(s) & term_stems), -pool.index(s)))
    if len(best) > MAX_CHARS:
        cut = best[:MAX_CHARS].rsplit(" ", 1)[0]
        best = cut.rstrip(",;:–- ") + " …"
    return best


def central_and_different(vectors: np.ndarray, centre: np.ndarray, count: int) -> list[int]:
    """Row indexes chosen by maximal marginal relevance: the most central first, then central but unlike those."""
    if len(vectors) == 0 or count <= 0:
        return []
    closeness = vectors @ centre
    pool = np.argsort(-closeness, kind="stable")[:CANDIDATES]
    chosen: list[int] = [int(pool[0])]
    likeness = vectors[pool] @ vectors[pool[0]]
    while len(chosen) < min(count, len(pool)):
        score = CENTRAL_WEIGHT * closeness[pool] - (1 - CENTRAL_WEIGHT) * likeness
        score[np.isin(pool, chosen)] = -np.inf
        pick = int(pool[int(np.argmax(score))])
        chosen.append(pick)
        likeness = np.maximum(likeness, vectors[pool] @ vectors[pick])
    return chosen


def theme_summary(
    texts: list[str], vectors: np.ndarray, centre: np.ndarray, terms: list[str], sentences: int = SENTENCES
) -> list[str]:
    """Up to `sentences` sentences quoted from the texts (one per text, no two alike), most central first."""
    term_stems = set().union(*(_stems(term) for term in terms)) if terms else set()
    # More texts than sentences are ranked: a text may yield only a sentence already taken.
    order = central_and_different(vectors, centre, min(len(texts), sentences * 3))
    summary: list[str] = []
    seen: set[str] = set()
    for index in order:
        sentence = _best_sentence(texts[index], term_stems)
        key = " ".join(_WORD.findall((sentence or "").lower()))
        if sentence and key and key not in seen:
            seen.add(key)
            summary.append(sentence)
        if len(summary) == sentences:
            break
    return summary
