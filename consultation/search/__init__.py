"""Search: every text of a process (comments, meeting notes, positions' motivations) found by its
Swedish lemmas, forms and compound parts, filtered like the working group's lists, and its
nearest neighbours by meaning.

The index is kept current in the transaction that writes a text (`indexing.install` hooks the
session's flush); `flask search reindex` rebuilds it. Matching is FTS5 on SQLite and a tsvector
with a GIN index on PostgreSQL, over the same terms, so both find the same texts.
"""

from . import indexing, models, queries, similar
from .models import SearchDocument

__all__ = ["SearchDocument", "indexing", "models", "queries", "similar"]
