"""Running a theme analysis outside the request: a worker thread per process, progress in the database.

The embedded default needs no extra server: `start_job` hands the run to a single worker
thread of the web process and returns at once; the run page reads progress from the run's
row, so any worker (or machine) can show it. `ANALYSIS_EXECUTOR = "inline"` runs the job in
the caller instead (the command line, and tests that need no thread).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock
from typing import TYPE_CHECKING

from flask import Flask, current_app

from consultation.errors import N_, ValidationFailed, msg
from consultation.review import AnalysisRun, analysis_runs, theme_edits

from .extensions import db

if TYPE_CHECKING:
    from analysis import AnalysisResult, Item

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0  # seconds between progress writes
# Share of the progress bar each stage ends at (embedding dominates on a cold cache).
STAGE_SHARES = {"collect": 0.02, "preprocess": 0.1, "embed": 0.8, "cluster": 0.92, "label": 0.98, "done": 1.0}

_executor: ThreadPoolExecutor | None = None
_executor_lock = Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One at a time: an analysis uses both cores while it embeds.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samrad-analysis")
        return _executor


def analyse(items: list[Item], **options) -> AnalysisResult:
    """`analysis.analyse`, imported when a run starts."""
    # Deferred: scikit-learn, spaCy and numpy take seconds to import, and most processes never analyse.
    from analysis import analyse as analyse_items

    return analyse_items(items, **options)


def start_job(run_id: int) -> Future | None:
    """Run the queued analysis in the background (or here, when configured inline)."""
    if current_app.config.get("ANALYSIS_EXECUTOR", "thread") == "inline":
        run_job(run_id)
        return None
    app = current_app._get_current_object()
    return _pool().submit(_run_in_context, app, run_id)


def _run_in_context(app: Flask, run_id: int) -> None:
    with app.app_context():
        try:
            run_job(run_id)
        finally:
            db.session.remove()


class _Progress:
    """Writes the stage and share to the run's row, at most once a second, in its own commits."""

    def __init__(self, run: AnalysisRun) -> None:
        self.run = run
        self.last = 0.0
        self.previous_end = STAGE_SHARES["collect"]
        self.stage = "collect"

    def __call__(self, stage: str, share: float) -> None:
        if stage != self.stage:
            self.previous_end = STAGE_SHARES.get(self.stage, self.previous_end)
            self.stage = stage
        end = STAGE_SHARES.get(stage, self.previous_end)
        overall = self.previous_end + (end - self.previous_end) * share
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or share >= 1.0:
            self.last = now
            analysis_runs.report_progress(db.session, self.run, stage, overall)
            db.session.commit()


def run_job(run_id: int) -> None:
    """Collect the run's input, analyse it and store the themes; a failure is recorded on the run."""
    from analysis import Item
    from analysis.embed import MODEL_NAME

    session = db.session
    try:
        run = analysis_runs.mark_running(session, run_id)
        session.commit()
    except Exception:
        session.rollback()
        log.exception("Analysis run %s could not start", run_id)
        return
    try:
        inputs = analysis_runs.collect_inputs(session, run)
        progress = _Progress(run)
        items = [Item(id=inp.key, text=inp.text, source=inp.actor_type) for inp in inputs]
        params = analysis_runs.RunParameters.from_json(run.parameters)
        result = analyse(
            items,
            n_themes=params.n_themes,
            embedding_cache=analysis_runs.DatabaseVectorCache(session, MODEL_NAME),
            use_embeddings=current_app.config.get("ANALYSIS_USE_EMBEDDINGS", True),
            progress=progress,
        )
        session.commit()  # the new vectors are kept even if storing the result fails
        outcome = analysis_runs.Outcome(
            themes=result.themes,
            campaigns=result.campaigns,
            confidence=result.confidence,
            uncertain_ids=result.uncertain_ids,
            languages=result.languages,
            embedding_model=result.embedding_model,
            timings=result.timings,
        )
        analysis_runs.store_result(session, run, inputs, outcome)
        session.commit()
        log.info("Analysis run %s: %s items in %s themes", run_id, len(inputs), len(result.themes))
    except Exception as error:
        session.rollback()
        log.exception("Analysis run %s failed", run_id)
        analysis_runs.mark_failed(session, run_id, f"{type(error).__name__}: {error}")
        session.commit()


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
    groups = [(found.label, [int(i) for i in found.item_ids]) for found in result.themes[1:]]
    return theme_edits.split_theme(db.session, actor, run_id, theme_id, groups)
