"""The analysis package's public data types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    lang: str | None = None
    source: str | None = None  # the kind of sender, e.g. the actor type


@dataclass
class Theme:
    label: str
    terms: list[str]
    item_ids: list[str]
    representative_ids: list[str]  # most typical first
    # A short noun phrase in the texts' language ("Kollektivtrafik och pendling"), distinct per
    # run; `label` stays the key terms. A machine's proposal until a person confirms it.
    name: str = ""
    # Two or three sentences quoted from the theme's texts, central and unlike each other.
    summary: list[str] = field(default_factory=list)


@dataclass
class Campaign:
    item_ids: list[str]
    representative_id: str

    @property
    def count(self) -> int:
        return len(self.item_ids)


@dataclass
class AnalysisResult:
    themes: list[Theme] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    # 0..1: how clearly each item belongs to its theme rather than the next nearest one.
    confidence: dict[str, float] = field(default_factory=dict)
    uncertain_ids: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    # Every item's stance towards the draft: "support", "oppose", "change" or "neutral".
    stances: dict[str, str] = field(default_factory=dict)
    n_themes_chosen: int = 0
    embedding_model: str | None = None  # None: lexical vectors only
    timings: dict[str, float] = field(default_factory=dict)

    def theme_of(self, item_id: str) -> Theme | None:
        return next((t for t in self.themes if item_id in t.item_ids), None)


class EmbeddingCache(Protocol):
    """Where vectors are kept between runs, keyed by model and a hash of the text."""

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, vectors: dict[str, np.ndarray]) -> None: ...


class MemoryCache:
    """An EmbeddingCache in a dict: for tests and one process."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors.update(vectors)


class NpzCache(MemoryCache):
    """An EmbeddingCache in one .npz file on disk (benchmarks); call save() to write it."""

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path
        try:
            with np.load(path) as data:
                self.vectors = {k: data[k] for k in data.files}
        except (FileNotFoundError, OSError, ValueError):
            self.vectors = {}

    def save(self) -> None:
        import os

        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        np.savez(self.path, **self.vectors)
