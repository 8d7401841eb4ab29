"""A theme analysis as a background job: collect the run's input, analyse it, store the themes.

`analysis_runs.start_run` queues the run's job; whichever transport carries it (the web process's
worker thread, or `flask jobs worker` through Redis) runs `analysis_job` here. Progress goes to the
run's row, which the run page reads, so any worker (or machine) can show it. A run whose worker
died is taken up again by the queue; a resumed run starts over from its input (the vectors kept
so far are reused) and its themes are stored once, in the transaction that finishes the job.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from flask import current_app

from consultation.errors import N_, DomainError, ValidationFailed, msg
from consultation.jobs import Job, JobContext, JobLost, register
from consultation.review import AnalysisRun, analysis_runs, theme_edits

from .analysis_chunks import embed_in_chunks, forget_chunks
from .extensions import db
from .jobs import runner

if TYPE_CHECKING:
    from analysis import AnalysisResult, Item, Prepared

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0  # seconds between progress writes
# Share of the progress bar each stage ends at (embedding dominates on a cold cache).
STAGE_SHARES = {"collect": 0.02, "preprocess": 0.1, "embed": 0.8, "cluster": 0.92, "label": 0.98, "done": 1.0}


def analyse(items: list[Item], **options) -> AnalysisResult:
    """`analysis.analyse`, imported when a run starts."""
    # Deferred: scikit-learn, spaCy and numpy take seconds to import, and most processes never analyse.
    from analysis import analyse as analyse_items

    return analyse_items(items, **options)


def conclude(prepared: Prepared, semantic, n_themes: int | None, **options) -> AnalysisResult:
    """`analysis.conclude` (clustering, labelling and naming), imported when a run gets there."""
    from analysis import conclude as conclude_analysis

    return conclude_analysis(prepared, semantic, n_themes, **options)


def run_job(run_id: int) -> None:
    """Run the run's queued job here and now, attempt after attempt (the command line, tests)."""
    run = db.session.get(AnalysisRun, run_id)
    if run is not None and run.job_id is not None:
        while runner.run_one(run.job_id, heartbeat_thread=False):
            pass


class _Progress:
    """Writes the stage and share to the run's row, at most once a second, in its own commits."""

    def __init__(self, run: AnalysisRun, context: JobContext) -> None:
        self.run = run
        self.context = context
        self.last = 0.0
        self.previous_end = STAGE_SHARES["collect"]
        self.stage = "collect"

    def __call__(self, stage: str, share: float) -> None:
        if stage != self.stage:
            self.previous_end = STAGE_SHARES.get(self.stage, self.previous_end)
            self.stage = stage
        end = STAGE_SHARES.get(stage, self.previous_end)
        overall = self.previous_end + (end - self.previous_end) * share
        self.context.progress(overall)  # stops here if another worker has taken the job over
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or share >= 1.0:
            self.last = now
            analysis_runs.report_progress(db.session, self.run, stage, overall)
            db.session.commit()


@register(analysis_runs.ANALYSIS_JOB, max_attempts=3)
def analysis_job(context: JobContext) -> None:
    """Collect the run's input, analyse it and store the themes; on the last failed attempt the run says so."""
    from analysis import Item, embed_units, prepare
    from analysis.embed import MODEL_NAME

    session = context.session
    run_id = int(context.parameters["run_id"])
    run = analysis_runs.mark_running(session, run_id)
    if run is None:
        return
    session.commit()
    try:
        inputs = analysis_runs.collect_inputs(session, run)
        progress = _Progress(run, context)
        items = [Item(id=inp.key, text=inp.text, source=inp.actor_type) for inp in inputs]
        params = analysis_runs.RunParameters.from_json(run.parameters)
        use_embeddings = current_app.config.get("ANALYSIS_USE_EMBEDDINGS", True)
        prepared = prepare(items, progress)
        clock = time.perf_counter()
        if use_embeddings and prepared.units:
            embed_in_chunks(context, prepared.embedding_texts, lambda share: progress("embed", share))
        cache = analysis_runs.DatabaseVectorCache(session, MODEL_NAME)
        # The chunks filled the cache: this reads the vectors (and embeds what a chunk could not).
        semantic = embed_units(prepared, cache, use_embeddings, progress)
        prepared.result.timings["embed"] = time.perf_counter() - clock
        result = conclude(
            prepared,
            semantic,
            params.n_themes,
            progress=progress,
            embedding_cache=cache,
            headings=analysis_runs.draft_headings(run),
        )
        session.commit()  # the new vectors are kept even if storing the result fails
        # Not committed here: the job's finish commits the themes, so a result is kept once.
        analysis_runs.store_result(session, run, inputs, analysis_runs.Outcome.of(result))
        forget_chunks(context)
        log.info("Analysis run %s: %s items in %s themes", run_id, len(inputs), len(result.themes))
    except JobLost:
        raise
    except Exception as error:
        session.rollback()
        job = session.get(Job, context.job_id)
        final = isinstance(error, DomainError) or (job is not None and context.attempt >= job.max_attempts)
        if final:  # else the run stays running: the queue tries again
            analysis_runs.mark_failed(session, run_id, f"{type(error).__name__}: {error}")
            session.commit()
        raise


def split_by_analysis(actor, run_id: int, theme_id: int, parts: int):
    """Re-cluster one theme's texts into `parts` sub-themes; the largest stays, the others become new themes."""
    from analysis import Item
    from analysis.embed import MODEL_NAME

    theme = analysis_runs.get_theme(db.session, actor, run_id, theme_id)
    members = [item for item in analysis_runs.theme_items(db.session, theme) if not item.off_topic]
    if len(members) < parts:
        raise ValidationFailed(
            {"parts": [msg(N_("Temat har för få texter för att delas i %(parts)s delar."), parts=parts)]}
        )
    result = analyse(
        [Item(id=str(item.id), text=item.text, source=item.actor_type) for item in members],
        n_themes=parts,
        embedding_cache=analysis_runs.DatabaseVectorCache(db.session, MODEL_NAME),
        use_embeddings=current_app.config.get("ANALYSIS_USE_EMBEDDINGS", True),
    )
    groups = [(found.name or found.label, [int(i) for i in found.item_ids]) for found in result.themes[1:]]
    return theme_edits.split_theme(db.session, actor, run_id, theme_id, groups)
