"""Theme analysis runs: who may start one, the worker's side of a run, and the embedding cache.

What a run reads is in `analysis_inputs`, reading its result in `analysis_results`; this
module names both, so that a run's whole life is reached through it. The clustering itself
lives in the `analysis` package, which this module never imports: the web layer runs it
between `collect_inputs` and `store_result`. A run's input is a snapshot, so a run keeps
showing what it was made from even after responses are revised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from ..base import utcnow
from ..errors import N_, Conflict, NotFound, msg
from ..jobs import JobStatus, queue
from ..people.access import Actor, user_id_of
from ..remiss.reading import require_reader
from ..remiss.rounds import get_round

# Named here for the worker (app/analysis_jobs.py), the CLI and the tests, which reach a run through this module.
from .analysis_inputs import (
    AnalysisInput,
    RunParameters,
    collect_inputs,  # noqa: F401
    draft_headings,  # noqa: F401
    validate,
)
from .analysis_results import (  # noqa: F401  (re-exported: the views call analysis_runs.<name>)
    agreement,
    count_actor_types,
    get_run,
    get_theme,
    off_topic_items,
    stance_balance,
    summarise,
    theme_items,
    with_stance,
)
from .models import AnalysisItem, AnalysisRun, Campaign, EmbeddingVector, RunStatus, Theme
from .theme_carry_over import carry_over

if TYPE_CHECKING:
    import numpy as np

# The kind of background job that computes a run (app/analysis_jobs.py registers its function).
ANALYSIS_JOB = "analysis"
# The kind of job that embeds one chunk of a run's texts into the shared cache (app/analysis_chunks.py).
EMBED_CHUNK_JOB = "analysis.embed"
# Runs from before runs had a job were only watched by their heartbeat: one silent this long lost its worker.
STALLED_AFTER = timedelta(minutes=10)


def is_stalled(run: AnalysisRun, now: datetime) -> bool:
    """The run will not finish: its job failed for good (after its attempts) or, for a run without a job, went silent."""
    if run.finished:
        return False
    if run.job is not None:
        return run.job.status == JobStatus.FAILED
    last_sign = run.heartbeat_at or run.created_at
    return now - last_sign > STALLED_AFTER


def is_resuming(run: AnalysisRun) -> bool:
    """The run's worker stopped half-way; the job is queued again and will go on by itself."""
    return not run.finished and run.job is not None and run.job.status == JobStatus.QUEUED and run.job.attempts > 0


def start_run(session: Session, actor: Actor, round_id: int, params: RunParameters) -> AnalysisRun:
    """Queue a new analysis of the round as a background job; one at a time per round, so a double click starts one."""
    require_reader(actor)
    round_ = get_round(session, round_id)
    validate(round_, params)
    now = utcnow()
    busy = session.scalars(
        select(AnalysisRun).where(
            AnalysisRun.round_id == round_id,
            AnalysisRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
    ).all()
    if any(not is_stalled(run, now) for run in busy):
        raise Conflict(msg(N_("En analys av den här remissrundan pågår redan. Vänta tills den är klar.")))
    for run in busy:  # they will never finish: say so instead of showing them as running forever
        run.status = RunStatus.FAILED
        run.error = "interrupted"
        run.finished_at = now
    run = AnalysisRun(
        round_id=round_id,
        created_by_id=user_id_of(actor),
        parameters=params.as_json(),
        status=RunStatus.QUEUED,
        stage="queued",
        progress=0.0,
        timings={},
    )
    session.add(run)
    session.flush()
    run.job = queue.enqueue(session, ANALYSIS_JOB, {"run_id": run.id}, started_by=actor)
    session.flush()
    return run


def list_runs(session: Session, actor: Actor, round_id: int) -> list[AnalysisRun]:
    require_reader(actor)
    get_round(session, round_id)
    return list(
        session.scalars(
            select(AnalysisRun)
            .where(AnalysisRun.round_id == round_id)
            .options(selectinload(AnalysisRun.created_by), selectinload(AnalysisRun.job))
            .order_by(AnalysisRun.created_at.desc(), AnalysisRun.id.desc())
        )
    )


# --- the worker's side -------------------------------------------------------------------


def mark_running(session: Session, run_id: int) -> AnalysisRun | None:
    """Start (or, after a lost worker or a retry, start again) the run; None if it is already done."""
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(msg(N_("Analysen finns inte.")))
    if run.status == RunStatus.DONE:
        return None  # a worker stopped after storing the result: nothing is computed twice
    now = utcnow()
    run.error = run.finished_at = None
    run.status, run.stage, run.progress = RunStatus.RUNNING, "collect", 0.0
    run.started_at = run.heartbeat_at = now
    return run


def report_progress(session: Session, run: AnalysisRun, stage: str, share: float) -> None:
    run.stage = stage[:20]
    run.progress = float(min(1.0, max(0.0, share)))
    run.heartbeat_at = utcnow()


class ThemeResult(Protocol):
    label: str  # the key terms
    terms: list[str]
    item_ids: list[str]
    representative_ids: list[str]
    summary: list[str]


class CampaignResult(Protocol):
    item_ids: list[str]
    representative_id: str


@dataclass
class Outcome:
    """What the analysis returned, in plain values (the analysis package's result fits this shape)."""

    themes: list[ThemeResult]
    campaigns: list[CampaignResult] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    uncertain_ids: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    embedding_model: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, result) -> Outcome:
        """The outcome of an `analysis.AnalysisResult` (or anything of its shape)."""
        return cls(
            themes=result.themes,
            campaigns=result.campaigns,
            confidence=result.confidence,
            uncertain_ids=result.uncertain_ids,
            languages=result.languages,
            embedding_model=result.embedding_model,
            timings=result.timings,
        )


def store_result(session: Session, run: AnalysisRun, inputs: list[AnalysisInput], outcome: Outcome) -> None:
    """Keep the themes, campaigns and every item's place; every input must be in exactly one theme."""
    by_key = {inp.key: inp for inp in inputs}
    placed = [key for theme in outcome.themes for key in theme.item_ids]
    if sorted(placed) != sorted(by_key):
        raise ValueError("the analysis must place every input in exactly one theme")
    campaign_of: dict[str, Campaign] = {}
    for found in outcome.campaigns:
        campaign = Campaign(run=run, size=len(found.item_ids), text=by_key[found.representative_id].text)
        session.add(campaign)
        campaign_of.update({key: campaign for key in found.item_ids})
    uncertain = set(outcome.uncertain_ids)
    for rank, found in enumerate(outcome.themes, start=1):
        # The theme's shown name is the analysis's noun phrase where it gave one (results from
        # before names, and stand-ins in tests, have key terms only); a person confirms or renames it.
        shown = getattr(found, "name", "") or found.label
        theme = Theme(
            run=run,
            rank=rank,
            label=shown[:300],
            terms=list(found.terms),
            gist=[sentence[:400] for sentence in list(getattr(found, "summary", ()))[:3]],
            size=len(found.item_ids),
        )
        session.add(theme)
        representative_rank = {key: n for n, key in enumerate(found.representative_ids, start=1)}
        for key in found.item_ids:
            inp = by_key[key]
            session.add(
                AnalysisItem(
                    run=run,
                    theme=theme,
                    campaign=campaign_of.get(key),
                    comment_id=inp.comment_id,
                    note_id=inp.note_id,
                    text=inp.text,
                    sender=inp.sender[:300],
                    actor_type=inp.actor_type,
                    section_key=inp.section_key,
                    section_label=inp.section_label[:400],
                    language=(outcome.languages.get(key) or "sv")[:5],
                    confidence=float(min(1.0, max(0.0, outcome.confidence.get(key, 1.0)))),
                    uncertain=key in uncertain,
                    representative_rank=representative_rank.get(key),
                )
            )
    run.item_count = len(inputs)
    run.embedding_model = outcome.embedding_model
    run.timings = {stage: round(float(seconds), 3) for stage, seconds in outcome.timings.items()}
    session.flush()
    for item in session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)):
        item.machine_theme_id = item.theme_id  # before carry-over: what the machine alone proposed
    carry_over(session, run)  # names, placements and off-topic marks of the previous run stay
    run.status, run.stage, run.progress = RunStatus.DONE, "done", 1.0
    run.finished_at = run.heartbeat_at = utcnow()


def mark_failed(session: Session, run_id: int, error: str) -> None:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        return
    run.status, run.error = RunStatus.FAILED, error[:2000]
    run.finished_at = utcnow()


# --- the embedding cache -----------------------------------------------------------------


class DatabaseVectorCache:
    """Sentence vectors kept in the database, so each text is embedded once across runs and workers."""

    def __init__(self, session: Session, model: str = "") -> None:
        self.session = session
        self.model = model

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        # Deferred: numpy is only needed while an analysis runs, and the app starts without it.
        import numpy as np

        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):  # stay under SQLite's bound-parameter limit
            chunk = unique[start : start + 500]
            for row in self.session.execute(
                select(EmbeddingVector.key, EmbeddingVector.vector).where(EmbeddingVector.key.in_(chunk))
            ):
                found[row.key] = np.frombuffer(row.vector, dtype="<f4").copy()
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        import numpy as np

        if not vectors:
            return
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        now = utcnow()
        rows = [
            {
                "key": key,
                "model": self.model[:80],
                "dimensions": int(vector.shape[-1]),
                "vector": np.asarray(vector, dtype="<f4").tobytes(),
                "created_at": now,
            }
            for key, vector in vectors.items()
        ]
        for start in range(0, len(rows), 500):
            # Another run may have stored the same text meanwhile: the first vector stays.
            self.session.execute(
                insert(EmbeddingVector).on_conflict_do_nothing(index_elements=["key"]), rows[start : start + 500]
            )
