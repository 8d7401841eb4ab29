"""An analysis whose worker died half-way is taken up again by the queue and stores its themes once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.analysis_jobs import run_job
from consultation.base import utcnow
from consultation.jobs import JobStatus, queue
from consultation.people import Role
from consultation.review import AnalysisItem, RunStatus, Theme, analysis_runs
from consultation.review.analysis_inputs import RunParameters


def test_a_run_whose_worker_died_is_resumed_and_its_themes_are_stored_once(
    app, db_session, make_user, analysed_round, monkeypatch
):
    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)  # lexical vectors: the same steps, faster
    run = analysis_runs.start_run(db_session, make_user(Role.WORKING_GROUP), analysed_round.id, RunParameters())
    # A worker claimed the job, started the run and was killed: no heartbeat since.
    long_ago = utcnow() - timedelta(minutes=30)
    queue.claim(db_session, "killed-host:1", run.job_id, now=long_ago)
    analysis_runs.mark_running(db_session, run.id)
    db_session.commit()
    assert analysis_runs.is_stalled(run, utcnow()) is False  # not given up: it will be taken up again

    assert queue.reclaim_stale(db_session, timedelta(minutes=2)) == [run.job_id]
    assert analysis_runs.is_resuming(run)
    run_job(run.id)  # the next worker

    db_session.refresh(run)
    assert (run.status, run.job.status, run.job.attempts) == (RunStatus.DONE, JobStatus.DONE, 2)
    items = db_session.scalar(select(func.count()).select_from(AnalysisItem).where(AnalysisItem.run_id == run.id))
    themes = db_session.scalar(select(func.count()).select_from(Theme).where(Theme.run_id == run.id))
    assert items == run.item_count > 0
    assert themes == len(run.themes) > 0
    # A late duplicate hand-on of the same job changes nothing.
    run_job(run.id)
    assert analysis_runs.mark_running(db_session, run.id) is None
    assert db_session.scalar(select(func.count()).select_from(Theme).where(Theme.run_id == run.id)) == themes
