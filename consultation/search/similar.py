""" "Liknande texter": a text's nearest neighbours by meaning, from the analysis's cached e5 vectors.

Only texts an analysis has embedded have a vector (the embedding cache is keyed by the text),
so a text without one, or a process without any, says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..people.access import Actor
from ..remiss.reading import require_reader
from ..review.models import EmbeddingVector
from .models import POSITION, SearchDocument

NEIGHBOURS = 10


@dataclass
class Similar:
    document: SearchDocument
    cached: bool  # whether the text itself has a vector
    neighbours: list[tuple[SearchDocument, float]] = field(default_factory=list)  # (text, cosine similarity)


def get_document(session: Session, actor: Actor, document_id: int) -> SearchDocument:
    require_reader(actor)
    document = session.get(SearchDocument, document_id)
    if document is None:
        raise NotFound()
    return document


def similar_texts(session: Session, actor: Actor, document_id: int, limit: int = NEIGHBOURS) -> Similar:
    """The texts of the same process (any round, theme or source) whose vectors lie closest to this one's."""
    # Deferred, as in the embedding cache: numpy is only needed here, and the app starts without it.
    import numpy as np

    document = get_document(session, actor, document_id)
    own = document.vector_key and session.scalar(
        select(EmbeddingVector.vector).where(EmbeddingVector.key == document.vector_key)
    )
    if not own:
        return Similar(document, cached=False)
    rows = session.execute(
        select(SearchDocument.id, EmbeddingVector.vector)
        .join(EmbeddingVector, EmbeddingVector.key == SearchDocument.vector_key)
        .where(
            SearchDocument.process_id == document.process_id,
            SearchDocument.id != document.id,
            SearchDocument.source != POSITION,
        )
    ).all()
    target = np.frombuffer(own, dtype="<f4")
    rows = [(row_id, vector) for row_id, vector in rows if len(vector) == len(own)]
    if not rows:
        return Similar(document, cached=True)
    matrix = np.vstack([np.frombuffer(vector, dtype="<f4") for _id, vector in rows])
    scores = matrix @ target / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(target) + 1e-12)
    best = np.argsort(-scores, kind="stable")[:limit]
    ids = [rows[i][0] for i in best]
    found = {d.id: d for d in session.scalars(select(SearchDocument).where(SearchDocument.id.in_(ids)))}
    return Similar(document, cached=True, neighbours=[(found[rows[i][0]], float(scores[i])) for i in best])
