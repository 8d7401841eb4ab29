"""Theme names a person would write: a short noun phrase in the texts' language.

Candidates for each theme: word sequences of one to four words from its most central texts
that start with a noun or adjective, end with a noun and hold nothing but nouns, adjectives
and a connecting "och"/"på"/… (see `wordclass`); the draft's section headings; and a
vocabulary of regional-development topics (`data/theme_vocabulary.txt`). A theme is only
named in the language most of its texts are written in.

Every candidate is embedded with the same e5 model as the texts (and cached with them), and
scored by how close it lies to its theme's centre, minus half its closeness to the nearest
other theme's centre, so that a name says what sets the theme apart rather than what all
input shares (both measured after removing the mean of all texts, e5's common direction).
Phrases from the theme's own texts get a small lift for the share of texts using them.
Names are then handed out greedily, best (theme, name) pair first, each phrase to at most
one theme: two themes never share a name. Without vectors, the phrase score alone decides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from .text import detect_language, pipeline
from .wordclass import word_kind

MAX_WORDS = 4  # content words in a phrase, besides the connecting "och", "på", …
MAX_SPAN = 6
PER_THEME = 12  # phrases from a theme's texts kept as candidates
SAMPLE = 200  # a theme's most central texts its phrases are taken from
OTHER_WEIGHT = 0.5
SUPPORT_WEIGHT = 0.05
VOCABULARY = Path(__file__).resolve().parent / "data" / "theme_vocabulary.txt"
_NUMBERING = re.compile(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+")


@dataclass
class Candidate:
    text: str  # as shown: capitalised like a heading
    lang: str
    support: dict[int, float] = field(default_factory=dict)  # theme -> phrase score there


@cache
def vocabulary() -> tuple[tuple[str, str], ...]:
    rows = []
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, name = line.split("\t", 1)
            rows.append((lang.strip(), name.strip()))
    return tuple(rows)


def as_heading(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    return phrase[:1].upper() + phrase[1:]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


# Endings of the definite and plural forms, longest first: "kollektivtrafiken" and "kollektivtrafik",
# "bredbandet" and "bredband", "bussarna" and "bussar" are one name to a reader.
_FORM_ENDINGS = ("arna", "erna", "orna", "arne", "en", "et", "na", "ar", "er", "or", "n", "s")


def _form_key(text: str) -> str:
    """The name without its words' definite and plural endings: two themes never get the same word in two forms."""
    words = []
    for word in _key(text).replace("-", " ").split():
        for ending in _FORM_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        words.append(word)
    return " ".join(words)


def proper_names(texts: list[str], lang: str) -> set[str]:
    """Words (lower case) these texts only ever write with a capital: places, organisations, people.

    They say where or who, not what about ("Lövbacka", "Länsstyrelsen"). Not for German,
    which writes every noun with a capital.
    """
    if lang == "de":
        return set()
    capital, lower = set(), set()
    for doc in pipeline(lang).tokenizer.pipe(texts):
        for token in doc:
            if token.is_alpha:
                (capital if token.text[:1].isupper() else lower).add(token.text.lower())
    return capital - lower


def phrases_of(text: str, lang: str, proper: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """The text's word sequences that may name a theme (lower case except German, as written)."""
    words = [t.text if lang == "de" else t.text.lower() for t in pipeline(lang).tokenizer(text)]
    kinds = ["drop" if w in proper else word_kind(w, lang) for w in words]
    found = set()
    for start, first in enumerate(kinds):
        if first not in ("noun", "modifier"):
            continue
        content = 0
        for end in range(start, min(start + MAX_SPAN, len(words))):
            kind = kinds[end]
            content += kind != "connector"
            if kind == "drop" or content > MAX_WORDS or (kind == "connector" and kinds[end - 1] == "connector"):
                break
            if kind == "noun":
                found.add(" ".join(words[start : end + 1]))
    return found


def _lift(count: int, size: int, overall: int, total: int) -> float:
    """Share of the theme's texts × log of how much commoner that is than in all texts."""
    if count == 0:
        return 0.0
    share = count / size
    return max(0.0, float(share * np.log(share / (overall / total))))


def _text_phrases(texts_per_theme: list[list[str]], langs: list[str]) -> list[Candidate]:
    """Per theme, the phrases most of its texts and few others use (as the key terms are chosen)."""
    df = [Counter() for _ in texts_per_theme]
    for theme, texts in enumerate(texts_per_theme):
        proper = proper_names(texts[:SAMPLE], langs[theme])
        for text in texts[:SAMPLE]:
            df[theme].update(phrases_of(text, langs[theme], proper))
    overall = Counter()
    for counter in df:
        overall.update(counter)
    total = max(1, sum(min(len(t), SAMPLE) for t in texts_per_theme))
    written: dict[str, Candidate] = {}
    for theme, counter in enumerate(df):
        size = max(1, min(len(texts_per_theme[theme]), SAMPLE))
        needed = 2 if size >= 5 else 1
        # A phrase from one text only counts far less in a theme of five or more: it may be that text's quirk.
        scored = sorted(
            (_lift(count, size, overall[phrase], total) * (1.0 if count >= needed else 0.1), phrase)
            for phrase, count in counter.items()
        )[::-1]
        for score, phrase in scored[:PER_THEME]:
            candidate = written.setdefault(_key(phrase), Candidate(as_heading(phrase), langs[theme]))
            candidate.support[theme] = score
    return list(written.values())


def _prefixes(texts: list[str], lang: str) -> list[set[str]]:
    """Per text, the beginnings (4-8 letters) of its words: "kollektivtrafiken" has "kollektiv"."""
    out = []
    for doc in pipeline(lang).tokenizer.pipe([t.lower() for t in texts]):
        out.append({token.text[:n] for token in doc if token.is_alpha for n in range(4, min(8, len(token.text)) + 1)})
    return out


def _stems(phrase: str, lang: str) -> list[str]:
    words = [w for w in phrase.lower().replace("-", " ").split() if word_kind(w, lang) in ("noun", "modifier")]
    return [w[: max(4, min(8, len(w) - 2))] for w in words if len(w) >= 4]


def _fixed_support(candidates: list[Candidate], texts_per_theme: list[list[str]], langs: list[str]) -> None:
    """Vocabulary and headings: how many of a theme's texts use the beginning of one of their words."""
    prefixes = [_prefixes(texts[:SAMPLE], langs[theme]) for theme, texts in enumerate(texts_per_theme)]
    total = max(1, sum(len(p) for p in prefixes))
    for candidate in candidates:
        stems = _stems(candidate.text, candidate.lang)
        if not stems:
            continue
        counts = [sum(any(stem in words for stem in stems) for words in theme) for theme in prefixes]
        overall = sum(counts)
        for theme, count in enumerate(counts):
            if count and langs[theme] == candidate.lang:
                candidate.support[theme] = _lift(count, max(1, len(prefixes[theme])), overall, total)


def _fixed_candidates(headings: list[str], langs: set[str]) -> list[Candidate]:
    out = [Candidate(as_heading(name), lang) for lang, name in vocabulary() if lang in langs]
    for heading in headings:
        heading = _NUMBERING.sub("", heading).strip()
        if 2 < len(heading) <= 80:
            lang = detect_language(heading)
            if lang in langs:
                out.append(Candidate(as_heading(heading), lang))
    return out


def name_themes(
    texts_per_theme: list[list[str]],
    langs: list[str],
    centres: np.ndarray | None = None,
    embed: Callable[[list[str]], np.ndarray | None] | None = None,
    headings: list[str] | None = None,
    mean: np.ndarray | None = None,
) -> list[str]:
    """One distinct name per theme. Texts most central first; centres and embed in the e5 space (or None)."""
    k = len(texts_per_theme)
    if k == 0:
        return []
    candidates = _text_phrases(texts_per_theme, langs)
    seen = {_key(c.text) for c in candidates}
    fixed = [f for f in _fixed_candidates(headings or [], set(langs)) if _key(f.text) not in seen]
    fixed = list({_key(f.text): f for f in fixed}.values())
    _fixed_support(fixed, texts_per_theme, langs)
    candidates += fixed
    score = np.full((k, len(candidates)), -np.inf)
    for column, candidate in enumerate(candidates):
        for theme, support in candidate.support.items():
            score[theme, column] = support
    vectors = (
        embed([c.text for c in candidates]) if (embed is not None and centres is not None and candidates) else None
    )
    if vectors is not None:
        score = _closeness(vectors, centres, mean) + SUPPORT_WEIGHT * np.where(np.isfinite(score), score, 0.0)
    for column, candidate in enumerate(candidates):  # a theme is named in its own texts' language only
        for theme in range(k):
            if langs[theme] != candidate.lang:
                score[theme, column] = -np.inf
    return _assign(score, [c.text for c in candidates])


def _closeness(vectors: np.ndarray, centres: np.ndarray, mean: np.ndarray | None) -> np.ndarray:
    """Cosine to the theme's centre minus OTHER_WEIGHT × cosine to the nearest other centre (themes × names)."""
    shift = mean if mean is not None else 0.0
    names = _unit(vectors - shift)
    similarity = _unit(centres - shift) @ names.T
    if len(centres) < 2:
        return similarity
    others = np.empty_like(similarity)
    for theme in range(len(centres)):
        others[theme] = np.delete(similarity, theme, axis=0).max(axis=0)
    return similarity - OTHER_WEIGHT * others


def _unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float64))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _assign(score: np.ndarray, texts: list[str]) -> list[str]:
    """Greedy: the best remaining (theme, name) pair first; a name goes to one theme only."""
    k = score.shape[0]
    names: list[str | None] = [None] * k
    used: set[str] = set()
    order = np.argsort(-score, axis=None, kind="stable")
    for flat in order:
        theme, column = divmod(int(flat), score.shape[1])
        if not np.isfinite(score[theme, column]):
            break
        if names[theme] is not None or _form_key(texts[column]) in used:
            continue
        names[theme] = texts[column]
        used.add(_form_key(texts[column]))
        if all(name is not None for name in names):
            break
    return [name or "" for name in names]
