"""Search over a process's texts for the working group, and "Liknande texter".

`init_app` hands the analysis's term and embedding-key functions to the domain's index, so
that every write of a text keeps the index current. The analysis package is imported only when
a text is indexed or a query is read, so starting the app never loads spaCy or numpy.
"""

from __future__ import annotations

from flask import Flask

from consultation.search import indexing


def index_terms(text: str) -> str:
    from analysis.search_terms import index_terms as terms

    return terms(text)


def vector_key(text: str) -> str:
    """The embedding cache's key of a text as the theme analysis embeds it (its content, clipped)."""
    from analysis.embed import MAX_CHARS, text_key
    from analysis.text import drop_boilerplate

    return text_key(drop_boilerplate(text)[:MAX_CHARS])


def query_terms(query: str) -> list[tuple[str, ...]]:
    if not query.strip():
        return []
    from analysis.search_terms import query_terms as terms

    return terms(query)


def highlight(text: str, wanted: list[tuple[str, ...]]) -> list[tuple[str, bool]]:
    from analysis.search_terms import highlight as pieces

    return pieces(text, wanted)


def init_app(app: Flask) -> None:
    indexing.install(indexing.Indexer(terms_of=index_terms, vector_key_of=vector_key))
    app.add_template_global(highlight, "search_highlight")
