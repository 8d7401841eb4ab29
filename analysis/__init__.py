"""Pure text analysis: Swedish-first theme clustering of consultation input.

    from analysis import Item, analyse
    result = analyse([Item(id="c1", text="…"), …], n_themes=None)
    result.themes      # Theme(label, terms, item_ids, representative_ids, name), largest first
    result.campaigns   # Campaign(item_ids, representative_id)

No Flask, no SQLAlchemy, no project models: texts in, dataclasses out.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Prepared, analyse, conclude, embed_units, prepare
    from .types import AnalysisResult, Campaign, EmbeddingCache, Item, MemoryCache, NpzCache, Theme

# The names below are loaded on first use, not when the package is: the pipeline pulls in
# scikit-learn and numpy (seconds on a busy machine), and the web pages that only read a stance
# (analysis.stance) or search terms (analysis.search_terms) must not pay for them in a request.
_LAZY = {
    **dict.fromkeys(["Prepared", "analyse", "conclude", "embed_units", "prepare"], ".pipeline"),
    **dict.fromkeys(
        ["AnalysisResult", "Campaign", "EmbeddingCache", "Item", "MemoryCache", "NpzCache", "Theme"], ".types"
    ),
}

__all__ = [
    "AnalysisResult",
    "Campaign",
    "EmbeddingCache",
    "Item",
    "MemoryCache",
    "NpzCache",
    "Prepared",
    "Theme",
    "analyse",
    "conclude",
    "embed_units",
    "prepare",
]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
