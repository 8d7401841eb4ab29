"""analyse(): from items to themes, campaigns and per-item confidence."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from . import campaigns as campaign_finder
from .cluster import choose_k, kmeans
from .embed import MODEL_NAME, embed
from .labels import label_from, theme_terms, written_forms
from .names import name_themes
from .stance import stance_of
from .summary import theme_summary
from .text import Processed, label_words, preprocess
from .types import AnalysisResult, Campaign, EmbeddingCache, Item, Theme
from .vectors import combine, lexical, remove_voice, smooth

log = logging.getLogger(__name__)

UNCERTAIN_BELOW = 0.25
REPRESENTATIVES = 5


@dataclass
class Prepared:
    """An analysis up to its embedding step: what was read from each text, campaigns, and the texts to embed.

    The embedding step is the slow one; a caller may run it elsewhere (in chunks, on several
    workers, into a shared cache) and come back with `conclude`.
    """

    items: list[Item]
    processed: list[Processed]
    result: AnalysisResult
    representative_of: list[int]
    units: list[int]  # one item per campaign and every other item: what is embedded and clustered

    @property
    def embedding_texts(self) -> list[str]:
        return [self.processed[u].content_text for u in self.units]


def analyse(
    items: list[Item],
    n_themes: int | None = None,
    *,
    embedding_cache: EmbeddingCache | None = None,
    use_embeddings: bool = True,
    progress: Callable[[str, float], None] | None = None,
    seed: int = 0,
    headings: list[str] | None = None,
) -> AnalysisResult:
    """Group the items by theme; every item lands in exactly one theme.

    `headings` (the draft's section headings) are candidates for the themes' names.
    """
    prepared = prepare(items, progress)
    semantic = embed_units(prepared, embedding_cache, use_embeddings, progress)
    return conclude(
        prepared, semantic, n_themes, progress=progress, seed=seed, embedding_cache=embedding_cache, headings=headings
    )


def prepare(items: list[Item], progress: Callable[[str, float], None] | None = None) -> Prepared:
    """Read every text (language, lemmas, stance) and find the campaigns: all that comes before embedding."""
    report = progress or (lambda stage, share: None)
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError("item ids must be unique")
    result = AnalysisResult()
    if not items:
        return Prepared(items=[], processed=[], result=result, representative_of=[], units=[])
    clock = time.perf_counter()

    report("preprocess", 0.0)
    texts = [item.text or "" for item in items]
    processed = preprocess(texts, [item.lang for item in items])
    result.languages = {item.id: p.lang for item, p in zip(items, processed, strict=True)}
    result.stances = {
        item.id: stance_of(item.text or "", p.lang).label for item, p in zip(items, processed, strict=True)
    }
    result.timings["preprocess"] = time.perf_counter() - clock

    # Campaigns first: each form letter is counted once when themes are formed.
    clock = time.perf_counter()
    groups = campaign_finder.find_groups(texts)
    representative_of = list(range(len(items)))
    for group in groups:
        counts = Counter(campaign_finder.normalise(texts[i]) for i in group)
        commonest = counts.most_common(1)[0][0]
        rep = next(i for i in group if campaign_finder.normalise(texts[i]) == commonest)
        for member in group:
            representative_of[member] = rep
        result.campaigns.append(Campaign(item_ids=[ids[i] for i in group], representative_id=ids[rep]))
    units = sorted(set(representative_of))
    result.timings["campaigns"] = time.perf_counter() - clock
    return Prepared(
        items=list(items), processed=processed, result=result, representative_of=representative_of, units=units
    )


def embed_units(
    prepared: Prepared,
    embedding_cache: EmbeddingCache | None = None,
    use_embeddings: bool = True,
    progress: Callable[[str, float], None] | None = None,
) -> np.ndarray | None:
    """Sentence vectors of the prepared units (None: lexical vectors only); a warm cache makes this a read."""
    report = progress or (lambda stage, share: None)
    clock = time.perf_counter()
    report("embed", 0.0)
    semantic = None
    if use_embeddings and prepared.units:
        semantic = embed(prepared.embedding_texts, embedding_cache, progress=lambda share: report("embed", share))
        prepared.result.embedding_model = MODEL_NAME if semantic is not None else None
    prepared.result.timings["embed"] = time.perf_counter() - clock
    return semantic


def conclude(
    prepared: Prepared,
    semantic: np.ndarray | None,
    n_themes: int | None = None,
    *,
    progress: Callable[[str, float], None] | None = None,
    seed: int = 0,
    embedding_cache: EmbeddingCache | None = None,
    headings: list[str] | None = None,
) -> AnalysisResult:
    """Cluster the prepared units (with their sentence vectors, if any), label and name the themes.

    `headings` (the draft's section headings) are candidates for the themes' names, embedded
    through `embedding_cache` like the texts.
    """
    report = progress or (lambda stage, share: None)
    result, items, processed = prepared.result, prepared.items, prepared.processed
    if not items:
        return result
    ids = [item.id for item in items]
    texts = [item.text or "" for item in items]
    representative_of, units = prepared.representative_of, prepared.units
    unit_index = {unit: position for position, unit in enumerate(units)}

    clock = time.perf_counter()
    report("cluster", 0.0)
    langs = [processed[u].lang for u in units]
    sources = [items[u].source for u in units]
    lexical_vectors = remove_voice(lexical([" ".join(processed[u].lemmas) for u in units], seed), [langs])
    raw_semantic = semantic  # names are compared with themes in e5's own space
    if semantic is not None:
        semantic = remove_voice(semantic, [langs, sources])
    vectors = smooth(combine(semantic, lexical_vectors), seed=seed)
    k = n_themes if n_themes else choose_k(vectors, seed)
    k = max(1, min(int(k), len(units)))
    labels, centres = kmeans(vectors, k, seed=seed)
    result.n_themes_chosen = len(set(labels.tolist()))
    result.timings["cluster"] = time.perf_counter() - clock

    clock = time.perf_counter()
    report("label", 0.0)
    # Confidence: how much nearer an item is to its own theme's centre than to the next
    # theme's. Only themes that got members count (k-means can leave a centre empty or
    # duplicate it when there are fewer distinct texts than themes asked for).
    used = sorted(set(labels.tolist()))
    centres = normalize(np.vstack([vectors[labels == label].mean(axis=0) for label in used]))
    position_of = {label: n for n, label in enumerate(used)}
    similarity = vectors @ centres.T
    own_column = np.array([position_of[label] for label in labels])
    own = similarity[np.arange(len(units)), own_column]
    if len(used) > 1:
        others = similarity.copy()
        others[np.arange(len(units)), own_column] = -np.inf
        margin = own - others.max(axis=1)
    else:
        margin = np.ones(len(units))
    unit_confidence = np.clip(margin / 0.2, 0.0, 1.0)

    words = [label_words(processed[u]) for u in units]
    display = written_forms([lemmas for lemmas, _, _ in words], [forms for _, forms, _ in words])
    terms = theme_terms([lemmas for lemmas, _, _ in words], labels, k, display, [follows for _, _, follows in words])
    members_of: dict[int, list[int]] = {label: [] for label in used}
    for position, label in enumerate(labels.tolist()):
        members_of[label].append(position)
    items_of: dict[int, list[str]] = {label: [] for label in used}
    for i in range(len(items)):
        items_of[int(labels[unit_index[representative_of[i]]])].append(ids[i])
    ranked_of = {label: sorted(members_of[label], key=lambda i: (-own[i], i)) for label in used}
    names = _names(
        [[processed[units[i]].content_text for i in ranked_of[label]] for label in used],
        [Counter(langs[i] for i in ranked_of[label]).most_common(1)[0][0] for label in used],
        raw_semantic,
        [ranked_of[label] for label in used],
        embedding_cache,
        headings,
    )
    themes = []
    for label, name in zip(used, names, strict=True):
        members = members_of[label]
        summary = theme_summary(
            [texts[units[i]] for i in members], vectors[members], centres[position_of[label]], terms[label]
        )
        themes.append(
            Theme(
                label=label_from(terms[label], fallback=""),
                terms=terms[label],
                item_ids=items_of[label],
                representative_ids=[ids[units[i]] for i in ranked_of[label][:REPRESENTATIVES]],
                name=name,
                summary=summary,
            )
        )
    themes.sort(key=lambda t: (-len(t.item_ids), t.label, t.item_ids[0]))
    for number, theme in enumerate(themes, start=1):
        theme.label = theme.label or f"Tema {number}"
    taken = {theme.name.lower() for theme in themes}
    for number, theme in enumerate(themes, start=1):  # no candidate at all: a key term, else a number
        if not theme.name:
            term = next((t for t in theme.terms if t.lower() not in taken), f"Tema {number}")
            theme.name = term[:1].upper() + term[1:]
            taken.add(theme.name.lower())
    result.themes = themes
    for i, item in enumerate(items):
        confidence = float(unit_confidence[unit_index[representative_of[i]]])
        result.confidence[item.id] = round(confidence, 3)
        if confidence < UNCERTAIN_BELOW:
            result.uncertain_ids.append(item.id)
    result.timings["label"] = time.perf_counter() - clock
    report("done", 1.0)
    return result


def _names(texts, langs, semantic, members, embedding_cache, headings) -> list[str]:
    """The themes' names, with candidates ranked in e5 space when the texts were embedded."""
    if semantic is None:
        return name_themes(texts, langs, headings=headings)
    centres = np.vstack([semantic[m].mean(axis=0) for m in members])
    return name_themes(
        texts,
        langs,
        centres,
        lambda phrases: embed(phrases, embedding_cache),
        headings,
        mean=semantic.mean(axis=0),
    )
