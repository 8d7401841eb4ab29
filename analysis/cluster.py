"""Deterministic k-means on the combined vectors, with the number of themes chosen by silhouette.

The silhouette is computed for a grid of about ten candidate numbers on a sample of at most
SAMPLE texts, so choosing costs the same at 50,000 texts as at 3,000.

Up to FULL_LIMIT points are clustered with k-means directly; beyond that, mini-batch
k-means is fitted on a sample and every point is assigned to its nearest centre, so
memory stays linear in the number of texts.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

FULL_LIMIT = 10_000
SAMPLE = 3_000
SILHOUETTE_SAMPLE = 1_500  # the silhouette is quadratic in the texts it scores
MIN_AUTO, MAX_AUTO = 5, 30  # the range the number of themes is chosen in (when not given)
N_INIT = 10  # best-of-10 starts: V-measure varies less with the seed than with 4 (SIB: ±0.02 -> ±0.01)
# Above this many texts k-means++ starts agree closely, and ten of them cost seconds: three will do.
MANY = 3_000
N_INIT_MANY = 3


def candidate_ks(n: int) -> list[int]:
    """The numbers of themes worth trying for n texts: about ten values from MIN_AUTO to ~√(n/2), at most 30.

    Below five themes a working group learns little it did not know, so the search starts
    there once there are 200 texts or more; silhouette alone prefers two or three broad themes.
    """
    upper = int(min(MAX_AUTO, max(2, np.sqrt(n / 2))))
    lower = min(MIN_AUTO, upper) if n >= 200 else 2
    return sorted({round(k) for k in np.geomspace(lower, upper, num=10)})


def choose_k(vectors: np.ndarray, seed: int = 0) -> int:
    """The number of themes whose clustering has the best silhouette on a sample."""
    n = len(vectors)
    if n < 6:
        return max(1, min(n, 2))
    rng = np.random.default_rng(seed)
    sample = vectors if n <= SAMPLE else vectors[np.sort(rng.choice(n, SAMPLE, replace=False))]
    best_k, best_score = 2, -1.0
    for k in candidate_ks(n):
        if k >= len(sample):
            break
        labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(sample)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette_score(
            sample, labels, metric="cosine", sample_size=min(len(sample), SILHOUETTE_SAMPLE), random_state=seed
        )
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def kmeans(
    vectors: np.ndarray, k: int, weights: np.ndarray | None = None, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(labels, centres); deterministic for the same input."""
    n = len(vectors)
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=int), vectors.mean(axis=0, keepdims=True)
    if n <= FULL_LIMIT:
        model = KMeans(n_clusters=k, n_init=N_INIT if n <= MANY else N_INIT_MANY, random_state=seed)
        labels = model.fit_predict(vectors, sample_weight=weights)
        return labels, model.cluster_centers_
    model = MiniBatchKMeans(n_clusters=k, n_init=3, batch_size=4096, random_state=seed, max_iter=100)
    model.fit(vectors, sample_weight=weights)
    return model.predict(vectors), model.cluster_centers_
