"""Turning texts into vectors for clustering: lexical (lemmas + character n-grams) and semantic.

The sender's voice is not a theme: vectors are centred per language and per source, and
the directions along which the language and source groups differ are projected out, so
that a municipality's formal register and a private person's plain words do not form
themes of their own.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

LEXICAL_DIMS = 128
FIT_SAMPLE = 5_000  # texts the lexical SVD is fitted on (all, up to this many)
CHAR_FEATURES = 100_000
MIN_GROUP = 3
# Each vector is averaged with its nearest neighbours before clustering (one step of
# diffusion over the k-nearest-neighbour graph): single short texts are noisy samples of
# their topic, and their neighbourhood says more about it than they do alone. V-measure at
# k = label count, mean of 3 seeds, without -> with: SIB Swedish 0.385 -> 0.403, SIB sv/en
# 0.421 -> 0.452, Cycling Bonn level 1 0.264 -> 0.292, level 2 0.318 -> 0.343.
NEIGHBOURS = 10
NEIGHBOURHOOD_SHARE = 20  # at most 1/20 of the texts: small inputs are barely smoothed, under 40 not at all
EXACT_LIMIT = 10_000  # up to here neighbours are searched among all texts, in row chunks
ANCHORS = 5_000  # beyond it, among a fixed random sample of this many: O(n · ANCHORS) time
CHUNK = 2_048


def lexical(documents: list[str], seed: int = 0) -> np.ndarray:
    """TF-IDF over lemma unigrams and bigrams plus character n-grams (Swedish compounds), reduced by SVD.

    Character n-grams are taken within words, so a text's n-gram counts are the sum of its
    words' counts: they are computed once per distinct word and added up by a sparse product,
    not text by text. The SVD is fitted on at most FIT_SAMPLE texts and applied to all.
    """
    n = len(documents)
    if n == 0:
        return np.zeros((0, 1), np.float32)
    safe = [d if d.strip() else "_" for d in documents]
    min_df = 1 if n < 50 else 2
    words = TfidfVectorizer(
        ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b", max_features=50_000
    )
    try:
        word_matrix = words.fit_transform(safe)
        chars = _character_ngrams(safe, min_df)
    except ValueError:  # nothing but stop words everywhere
        return np.zeros((n, 1), np.float32)
    matrix = sparse.hstack([word_matrix, chars * 0.7]).tocsr()
    dims = min(LEXICAL_DIMS, matrix.shape[1] - 1, n - 1)
    if dims < 2:
        return normalize(matrix.toarray().astype(np.float32)) if matrix.shape[1] < 512 else np.zeros((n, 1), np.float32)
    fit_rows = (
        matrix if n <= FIT_SAMPLE else matrix[np.sort(np.random.default_rng(seed).choice(n, FIT_SAMPLE, replace=False))]
    )
    svd = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized", n_iter=4).fit(fit_rows)
    return normalize(svd.transform(matrix)).astype(np.float32)


def _character_ngrams(documents: list[str], min_df: int) -> sparse.csr_matrix:
    """Sublinear TF-IDF of 3-5-character n-grams within words (as scikit-learn's "char_wb")."""
    word_counts = CountVectorizer(token_pattern=r"\S+", lowercase=False).fit(documents)
    per_text = word_counts.transform(documents)  # texts × distinct words
    vocabulary = word_counts.get_feature_names_out()
    ngrams = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False)
    per_word = ngrams.fit_transform(vocabulary)  # distinct words × n-grams
    counts = (per_text @ per_word).tocsr()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero(document_frequency >= min_df)
    if len(keep) > CHAR_FEATURES:  # the most frequent, as max_features does
        totals = np.asarray(counts[:, keep].sum(axis=0)).ravel()
        keep = np.sort(keep[np.argsort(-totals, kind="stable")[:CHAR_FEATURES]])
    if len(keep) == 0:
        raise ValueError("no character n-grams")
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts[:, keep])


def remove_voice(vectors: np.ndarray, groupings: list[list[str | None]]) -> np.ndarray:
    """Centre, then project out the directions that separate language and sender groups."""
    if len(vectors) < 2:
        return vectors
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    directions = []
    for labels in groupings:
        members: dict[str | None, list[int]] = defaultdict(list)
        for index, label in enumerate(labels):
            members[label].append(index)
        groups = [idx for idx in members.values() if len(idx) >= MIN_GROUP]
        if len(groups) < 2:
            continue
        directions += [centred[idx].mean(axis=0) for idx in groups]
    if directions:
        basis, _ = np.linalg.qr(np.array(directions, dtype=np.float64).T)
        centred = centred - (centred @ basis) @ basis.T
    return normalize(centred).astype(np.float32)


def smooth(vectors: np.ndarray, neighbours: int = NEIGHBOURS, seed: int = 0) -> np.ndarray:
    """Each (L2-normalised) vector averaged with its `neighbours` most similar ones, renormalised.

    Memory stays O(n · CHUNK): similarities are computed one block of rows at a time, and
    beyond EXACT_LIMIT texts only against a fixed sample of ANCHORS texts.
    """
    n = len(vectors)
    m = min(neighbours, n // NEIGHBOURHOOD_SHARE)
    if m < 2:
        return vectors
    if n <= EXACT_LIMIT:
        anchors = vectors
    else:
        rng = np.random.default_rng(seed)
        anchors = vectors[np.sort(rng.choice(n, ANCHORS, replace=False))]
    out = np.empty_like(vectors)
    for start in range(0, n, CHUNK):
        block = vectors[start : start + CHUNK]
        similarity = block @ anchors.T
        if anchors is vectors:  # the text itself is always in its own neighbourhood, counted once
            similarity[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
            nearest = np.argpartition(-similarity, m, axis=1)[:, : m + 1]
            out[start : start + CHUNK] = anchors[nearest].mean(axis=1)
        else:
            nearest = np.argpartition(-similarity, m - 1, axis=1)[:, :m]
            out[start : start + CHUNK] = (block + anchors[nearest].sum(axis=1)) / (m + 1)
    return normalize(out).astype(np.float32)


def combine(
    semantic: np.ndarray | None, lexical_vectors: np.ndarray, semantic_weight: float = 1.0, lexical_weight: float = 0.3
) -> np.ndarray:
    """Semantic and lexical vectors side by side. Lexical weight 0.3 (V, k = labels, 3 seeds; 0 / 0.3 / 0.6):
    SIB sv 0.402 / 0.403 / 0.404, SIB sv/en 0.439 / 0.452 / 0.429, Bonn 1 0.278 / 0.292 / 0.299,
    Bonn 2 0.332 / 0.343 / 0.353: words help on long German texts and hurt across languages."""
    if semantic is None:
        return lexical_vectors
    return normalize(np.hstack([semantic * semantic_weight, lexical_vectors * lexical_weight])).astype(np.float32)
