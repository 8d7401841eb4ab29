"""Pure text analysis: Swedish-first theme clustering of consultation input.

    from analysis import Item, analyse
    result = analyse([Item(id="c1", text="…"), …], n_themes=None)
    result.themes      # Theme(label, terms, item_ids, representative_ids, name), largest first
    result.campaigns   # Campaign(item_ids, representative_id)

No Flask, no SQLAlchemy, no project models: texts in, dataclasses out.
"""

from .pipeline import analyse
from .types import AnalysisResult, Campaign, EmbeddingCache, Item, MemoryCache, NpzCache, Theme

__all__ = ["AnalysisResult", "Campaign", "EmbeddingCache", "Item", "MemoryCache", "NpzCache", "Theme", "analyse"]
