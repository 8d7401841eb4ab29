"""Near-identical texts (form letters with a changed word or an added sentence), found with MinHash.

Character 5-gram shingles, hashed by scikit-learn's HashingVectorizer (deterministic),
MinHash signatures computed with NumPy, and locality-sensitive hashing in bands: no
all-pairs comparison, so it scales to tens of thousands of texts.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

NUM_HASHES = 64
BANDS = 16  # 16 bands of 4 rows: pairs with Jaccard ≥ ~0.6 meet in some band with high probability
THRESHOLD = 0.7  # estimated Jaccard of 5-gram sets (with the group's first text) to count as the same text
MIN_WORDS = 8  # two identical "Bra förslag!" are not a campaign
MIN_MEMBERS = 3
_PRIME = (1 << 31) - 1  # a·x stays below 2**53 for x < 2**22, and wraps the prime many times


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def signatures(texts: list[str]) -> np.ndarray:
    vectorizer = HashingVectorizer(
        analyzer="char_wb", ngram_range=(5, 5), n_features=2**22, alternate_sign=False, norm=None, binary=True
    )
    matrix = vectorizer.transform(texts).tocsr()
    rng = np.random.default_rng(20401)
    a = rng.integers(1, _PRIME, NUM_HASHES, dtype=np.int64)
    b = rng.integers(0, _PRIME, NUM_HASHES, dtype=np.int64)
    result = np.full((len(texts), NUM_HASHES), np.iinfo(np.int64).max, dtype=np.int64)
    rows = np.flatnonzero(np.diff(matrix.indptr))
    if rows.size == 0:
        return result
    starts = matrix.indptr[rows]
    indices = matrix.indices.astype(np.int64)
    for h in range(NUM_HASHES):
        values = (a[h] * indices + b[h]) % _PRIME
        result[rows, h] = np.minimum.reduceat(values, starts)
    return result


def find_groups(texts: list[str]) -> list[list[int]]:
    """Groups (of indices) of near-identical texts with at least MIN_MEMBERS members."""
    normalised = [normalise(t) for t in texts]
    eligible = [i for i, t in enumerate(normalised) if len(t.split()) >= MIN_WORDS]
    if len(eligible) < MIN_MEMBERS:
        return []
    sig = signatures([normalised[i] for i in eligible])
    rows = NUM_HASHES // BANDS
    parent = list(range(len(eligible)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        chunk = sig[:, band * rows : (band + 1) * rows]
        for position, key in enumerate(map(bytes, chunk)):
            buckets[key].append(position)
        for members in buckets.values():
            first = members[0]
            for other in members[1:]:
                a, b = root(first), root(other)
                # Compare the groups' first texts, not just this pair: no chaining of
                # A≈B≈C into one "campaign" when A and C say different things.
                if a != b and np.mean(sig[a] == sig[b]) >= THRESHOLD:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for position in range(len(eligible)):
        groups[root(position)].append(eligible[position])
    return sorted((sorted(g) for g in groups.values() if len(g) >= MIN_MEMBERS), key=lambda g: g[0])
