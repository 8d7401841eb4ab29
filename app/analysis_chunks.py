"""The embedding step of a theme analysis in chunks: jobs of their own that any worker may take.

Embedding is the slow step (about 15–40 texts/s per machine). The analysis job splits the texts
whose vectors the shared cache lacks into chunk jobs and hands them to the transport, so that
idle workers (on any machine) take some; meanwhile it takes queued chunks itself, one by one, and
when none is left to take it waits for those running elsewhere. The vectors go into the cache in
the database; when every chunk is done the analysis reads them all from there and goes on to
clustering and labelling in the process that read the texts.

Idempotent on resume: the chunk jobs' ids are kept in the analysis job's parameters; a resumed
analysis reuses the chunks still queued or running, makes new ones only for texts no chunk
covers, and a chunk embeds only what the cache still lacks. With the inline transport the chunks
run one after another in the caller. The chunk rows (which hold copies of the texts) are deleted
in the transaction that stores the themes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from consultation.errors import N_, DomainError, msg
from consultation.jobs import Job, JobContext, JobStatus, queue, register
from consultation.review import analysis_runs

from . import jobs
from .jobs import runner
from .jobs.transports import InlineTransport

log = logging.getLogger(__name__)

EMBED_CHUNK_JOB = analysis_runs.EMBED_CHUNK_JOB
# Texts per chunk: two model batches (about 3–10 s on one core), so a killed worker loses little
# and the last chunks keep every worker busy to the end; a chunk's overhead is one claim and commit.
# (256 left a 300-text analysis with one big and one small chunk: no time saved by a second worker.)
CHUNK_TEXTS = 128
WAIT_SECONDS = 0.5  # between looks at chunks running elsewhere

CHUNK_FAILED = N_("En del av analysen (beräkning av textvektorer) misslyckades flera gånger.")


@register(EMBED_CHUNK_JOB, max_attempts=3)
def embed_chunk_job(context: JobContext) -> None:
    """Embed the chunk's texts into the shared cache, committing them batch by batch."""
    from analysis.embed import MODEL_NAME, embed

    texts = [str(text) for text in context.parameters.get("texts", [])]
    embed(texts, _CommittingCache(context.session, MODEL_NAME), progress=context.progress)


class _CommittingCache(analysis_runs.DatabaseVectorCache):
    """Commits each batch's vectors as soon as they are stored.

    A chunk that kept them for its finish would hold SQLite's write lock from its first batch
    to its last, while it computes the others, and keep every other writer (the heartbeats,
    another chunk, a person's request) waiting. The vectors are keyed by text, so a batch kept
    by an attempt that dies later is simply found by the next.
    """

    def put_many(self, vectors) -> None:
        super().put_many(vectors)
        self.session.commit()


def embed_in_chunks(context: JobContext, texts: list[str], report: Callable[[float], None]) -> int:
    """Fill the shared cache with the texts' vectors through chunk jobs, helping here; returns the texts embedded."""
    from analysis.embed import MODEL_NAME, load_model, uncached

    session = context.session
    if load_model() is None:
        return 0  # the analysis falls back to lexical vectors by itself
    missing = uncached(texts, analysis_runs.DatabaseVectorCache(session, MODEL_NAME))
    chunk_ids = _plan_chunks(context, missing)
    session.commit()
    for chunk_id in chunk_ids:
        jobs.dispatch(chunk_id)  # inline: runs it here and now, so the chunks run in order
    # Inline, the session may be one no other thread can share (a test's): beats come from progress.
    inline = isinstance(current_app.extensions["samrad_jobs"], InlineTransport)
    stale = timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])
    while True:
        states = _states(session, chunk_ids)
        done = sum(1 for status in states.values() if status == JobStatus.DONE)
        report(done / max(1, len(chunk_ids)))  # raises JobLost if this analysis was taken over
        if any(status == JobStatus.FAILED for status in states.values()):
            raise DomainError(msg(CHUNK_FAILED))
        waiting = [chunk_id for chunk_id in chunk_ids if states.get(chunk_id) == JobStatus.QUEUED]
        if waiting:
            runner.run_one(waiting[0], heartbeat_thread=not inline)
            continue
        if all(status == JobStatus.DONE for status in states.values()):
            return len(missing)
        # Running elsewhere. A chunk whose worker died is queued again here too (the inline
        # transport and a lone worker have no one else to sweep), then taken up above.
        if queue.reclaim_stale(session, stale):
            session.commit()
            continue
        session.commit()  # end the read, so the next look sees other workers' commits
        time.sleep(WAIT_SECONDS)


def forget_chunks(context: JobContext) -> None:
    """Delete the analysis's chunk rows (copies of its texts) in the transaction that stores its result."""
    chunk_ids = _chunk_ids(context)
    if chunk_ids:
        context.session.execute(delete(Job).where(Job.id.in_(chunk_ids)).execution_options(synchronize_session=False))


def _plan_chunks(context: JobContext, missing: list[str]) -> list[int]:
    """The chunk jobs to wait for: an earlier attempt's still queued or running, and new ones for texts they lack."""
    session = context.session
    planned = _chunk_ids(context)
    kept: list[int] = []
    covered: set[str] = set()
    for job in session.scalars(select(Job).where(Job.id.in_(planned)).order_by(Job.id)):
        if job.kind == EMBED_CHUNK_JOB and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            kept.append(job.id)
            covered.update(job.parameters.get("texts", []))
    left = [text for text in missing if text not in covered]
    parent = session.get(Job, context.job_id)
    started_by = parent.started_by if parent is not None else None
    size = max(1, current_app.config.get("ANALYSIS_CHUNK_TEXTS") or CHUNK_TEXTS)
    made = [
        queue.enqueue(session, EMBED_CHUNK_JOB, {"texts": left[start : start + size]}, started_by=started_by).id
        for start in range(0, len(left), size)
    ]
    if parent is not None:  # where a resumed attempt finds them, and where the clean-up does
        parent.parameters = {**parent.parameters, "chunks": planned + made}
    session.flush()
    if made:
        log.info("Analysis job %s: %s texts to embed in %s new chunks", context.job_id, len(left), len(made))
    return kept + made


def _chunk_ids(context: JobContext) -> list[int]:
    job = context.session.get(Job, context.job_id)
    parameters = job.parameters if job is not None else context.parameters
    return [int(chunk_id) for chunk_id in parameters.get("chunks", [])]


def _states(session, chunk_ids: list[int]) -> dict[int, JobStatus]:
    rows = session.execute(select(Job.id, Job.status).where(Job.id.in_(chunk_ids))) if chunk_ids else []
    # A chunk row that is gone was finished and cleaned up by an earlier attempt's result.
    states = dict.fromkeys(chunk_ids, JobStatus.DONE)
    states.update({row.id: JobStatus(row.status) for row in rows})
    return states
