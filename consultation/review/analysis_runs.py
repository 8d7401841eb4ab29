"""Theme analysis runs: who may start one, what input it reads, and how its result is kept.

The clustering itself lives in the `analysis` package, which this module never imports: the
web layer runs it between `collect_inputs` and `store_result`. A run's input is a snapshot,
so a run keeps showing what it was made from even after responses are revised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from ..people.access import Actor, user_id_of
from .compilation import section_label, sender_of, submitted_comments
from ..errors import N_, Conflict, NotFound, ValidationFailed, msg
from ..people.models import ActorType
from .models import AnalysisItem, AnalysisRun, Campaign, EmbeddingVector, RunStatus, Theme
from ..remiss.models import ConsultationRound
from ..meetings.models import Meeting, MeetingNote, NoteStatus
from ..base import utcnow
from ..remiss.reading import actor_type_of, require_reader
from ..remiss.rounds import get_round
from .theme_edits import carry_over

if TYPE_CHECKING:
    import numpy as np

# A worker writes a heartbeat at least this often while it runs; a run silent for longer
# lost its worker (a restart, a crash) and may be started again.
STALLED_AFTER = timedelta(minutes=10)
MIN_THEMES, MAX_THEMES = 2, 40
NOTE_SOURCE = "dialogue_meeting"


@dataclass(frozen=True)
class RunParameters:
    include_notes: bool = False
    section_keys: tuple[str, ...] = ()  # empty: every section and the whole document
    actor_types: tuple[str, ...] = ()  # empty: every actor type; applies to comments only
    n_themes: int | None = None  # None: the analysis chooses

    def as_json(self) -> dict:
        return {
            "include_notes": self.include_notes,
            "section_keys": list(self.section_keys),
            "actor_types": list(self.actor_types),
            "n_themes": self.n_themes,
        }

    @classmethod
    def from_json(cls, data: dict) -> RunParameters:
        return cls(
            include_notes=bool(data.get("include_notes")),
            section_keys=tuple(data.get("section_keys") or ()),
            actor_types=tuple(data.get("actor_types") or ()),
            n_themes=data.get("n_themes"),
        )


def _validate(round_: ConsultationRound, params: RunParameters) -> None:
    errors: dict[str, list] = {}
    keys = {s.key for s in round_.version.sections} | {"whole"}
    if any(key not in keys for key in params.section_keys):
        errors["sections"] = [msg(N_("Välj avsnitt ur remissversionen av förslaget."))]
    known_types = {t.value for t in ActorType}
    if any(t not in known_types for t in params.actor_types):
        errors["actor_types"] = [msg(N_("Okänd aktörstyp."))]
    if params.n_themes is not None and not MIN_THEMES <= params.n_themes <= MAX_THEMES:
        errors["n_themes"] = [
            msg(N_("Antalet teman ska vara mellan %(low)s och %(high)s, eller tomt för att låta analysen välja."),
                low=MIN_THEMES, high=MAX_THEMES)
        ]
    if errors:
        raise ValidationFailed(errors)


def is_stalled(run: AnalysisRun, now: datetime) -> bool:
    if run.finished:
        return False
    last_sign = run.heartbeat_at or run.created_at
    return now - last_sign > STALLED_AFTER


def start_run(session: Session, actor: Actor, round_id: int, params: RunParameters) -> AnalysisRun:
    """Queue a new analysis of the round; one at a time per round, so a double click starts one."""
    require_reader(actor)
    round_ = get_round(session, round_id)
    _validate(round_, params)
    now = utcnow()
    busy = session.scalars(
        select(AnalysisRun).where(
            AnalysisRun.round_id == round_id,
            AnalysisRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
    ).all()
    if any(not is_stalled(run, now) for run in busy):
        raise Conflict(msg(N_("En analys av den här remissrundan pågår redan. Vänta tills den är klar.")))
    for run in busy:  # their workers are gone: say so instead of showing them as running forever
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
    return run


def list_runs(session: Session, actor: Actor, round_id: int) -> list[AnalysisRun]:
    require_reader(actor)
    get_round(session, round_id)
    return list(
        session.scalars(
            select(AnalysisRun)
            .where(AnalysisRun.round_id == round_id)
            .options(selectinload(AnalysisRun.created_by))
            .order_by(AnalysisRun.created_at.desc(), AnalysisRun.id.desc())
        )
    )


def get_run(session: Session, actor: Actor, run_id: int) -> AnalysisRun:
    require_reader(actor)
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(msg(N_("Analysen finns inte.")))
    return run


def get_theme(session: Session, actor: Actor, run_id: int, theme_id: int) -> Theme:
    require_reader(actor)
    theme = session.get(Theme, theme_id)
    if theme is None or theme.run_id != run_id or theme.merged_into_id is not None:
        raise NotFound(msg(N_("Temat finns inte.")))
    return theme


def theme_items(session: Session, theme: Theme) -> list[AnalysisItem]:
    """The theme's items, most typical first, then the others in input order."""
    items = session.scalars(
        select(AnalysisItem)
        .where(AnalysisItem.theme_id == theme.id)
        .options(selectinload(AnalysisItem.campaign))
    ).all()
    return sorted(items, key=lambda i: (i.representative_rank is None, i.representative_rank or 0, i.id))


# --- input ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisInput:
    """One text for the analysis, with what the result page shows about it."""

    key: str  # "c<comment id>" or "n<note id>"
    text: str
    sender: str
    actor_type: str | None
    section_key: str | None
    section_label: str
    comment_id: int | None = None
    note_id: int | None = None



def collect_inputs(session: Session, run: AnalysisRun) -> list[AnalysisInput]:
    """The submitted comments of the run's round (and published notes if asked), filtered as asked."""
    params = RunParameters.from_json(run.parameters)
    round_ = run.round
    wanted_sections = set(params.section_keys)
    wanted_types = set(params.actor_types)
    comments = submitted_comments(session, round_.id)
    inputs = []
    for comment in comments:
        text = (comment.submitted_body or "").strip()
        section_key = comment.section.key if comment.section else None
        actor_type = actor_type_of(comment.response).value
        if not text:
            continue
        if wanted_sections and (section_key or "whole") not in wanted_sections:
            continue
        if wanted_types and actor_type not in wanted_types:
            continue
        inputs.append(AnalysisInput(
            key=f"c{comment.id}", text=text, sender=sender_of(comment.response, for_public=False),
            actor_type=actor_type, section_key=section_key, section_label=section_label(comment.section),
            comment_id=comment.id,
        ))
    if params.include_notes:
        notes = session.scalars(
            select(MeetingNote)
            .join(Meeting)
            .where(Meeting.process_id == round_.process_id, MeetingNote.status == NoteStatus.PUBLISHED)
            .options(selectinload(MeetingNote.meeting), selectinload(MeetingNote.sections))
            .order_by(MeetingNote.id)
        )
        for note in notes:
            text = (note.body or "").strip()
            linked = [s for s in note.sections if s.version_id == round_.version_id] or list(note.sections)
            if not text:
                continue
            if wanted_sections and not any(s.key in wanted_sections for s in linked):
                continue
            first = linked[0] if linked else None
            inputs.append(AnalysisInput(
                key=f"n{note.id}", text=text, sender=note.meeting.title, actor_type=NOTE_SOURCE,
                section_key=first.key if first else None, section_label=section_label(first), note_id=note.id,
            ))
    return inputs


# --- the worker's side -------------------------------------------------------------------


def mark_running(session: Session, run_id: int) -> AnalysisRun:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(msg(N_("Analysen finns inte.")))
    if run.status != RunStatus.QUEUED:
        raise Conflict(msg(N_("Analysen har redan startats.")))
    now = utcnow()
    run.status, run.stage, run.progress = RunStatus.RUNNING, "collect", 0.0
    run.started_at = run.heartbeat_at = now
    return run


def report_progress(session: Session, run: AnalysisRun, stage: str, share: float) -> None:
    run.stage = stage[:20]
    run.progress = float(min(1.0, max(0.0, share)))
    run.heartbeat_at = utcnow()


class ThemeResult(Protocol):
    label: str
    terms: list[str]
    item_ids: list[str]
    representative_ids: list[str]


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
        theme = Theme(run=run, rank=rank, label=found.label[:300], terms=list(found.terms), size=len(found.item_ids))
        session.add(theme)
        representative_rank = {key: n for n, key in enumerate(found.representative_ids, start=1)}
        for key in found.item_ids:
            inp = by_key[key]
            session.add(AnalysisItem(
                run=run, theme=theme, campaign=campaign_of.get(key), comment_id=inp.comment_id,
                note_id=inp.note_id, text=inp.text, sender=inp.sender[:300], actor_type=inp.actor_type,
                section_key=inp.section_key, section_label=inp.section_label[:400],
                language=(outcome.languages.get(key) or "sv")[:5],
                confidence=float(min(1.0, max(0.0, outcome.confidence.get(key, 1.0)))),
                uncertain=key in uncertain, representative_rank=representative_rank.get(key),
            ))
    run.item_count = len(inputs)
    run.embedding_model = outcome.embedding_model
    run.timings = {stage: round(float(seconds), 3) for stage, seconds in outcome.timings.items()}
    session.flush()
    carry_over(session, run)  # names, placements and off-topic marks of the previous run stay
    run.status, run.stage, run.progress = RunStatus.DONE, "done", 1.0
    run.finished_at = run.heartbeat_at = utcnow()


def mark_failed(session: Session, run_id: int, error: str) -> None:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        return
    run.status, run.error = RunStatus.FAILED, error[:2000]
    run.finished_at = utcnow()


# --- breakdowns for the result page ------------------------------------------------------


@dataclass
class ThemeSummary:
    theme: Theme
    quotes: list[AnalysisItem]
    by_section: list[tuple[str, int]]  # (section label, count), largest first
    by_actor_type: list[tuple[str, int]]  # (actor type code, count), largest first
    uncertain: int
    new: int = 0  # items the round's previous analysis did not have


def summarise(session: Session, actor: Actor, run: AnalysisRun, quotes: int = 3) -> list[ThemeSummary]:
    """The run's themes (merged ones left out) with quotes and breakdowns; off-topic items not counted."""
    require_reader(actor)
    items = session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)).all()
    grouped: dict[int, list[AnalysisItem]] = {}
    for item in items:
        if not item.off_topic:
            grouped.setdefault(item.theme_id, []).append(item)
    summaries = []
    for theme in sorted((t for t in run.themes if t.merged_into_id is None), key=lambda t: (t.rank, t.id)):
        members = grouped.get(theme.id, [])
        sections: dict[str, int] = {}
        types: dict[str, int] = {}
        for item in members:
            sections[item.section_label or ""] = sections.get(item.section_label or "", 0) + 1
            types[item.actor_type or ""] = types.get(item.actor_type or "", 0) + 1
        ranked = sorted(members, key=lambda i: (i.representative_rank is None, i.representative_rank or 0, i.id))
        summaries.append(ThemeSummary(
            theme=theme,
            quotes=ranked[:quotes],
            by_section=sorted(sections.items(), key=lambda kv: (-kv[1], kv[0])),
            by_actor_type=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
            uncertain=sum(1 for i in members if i.uncertain),
            new=sum(1 for i in members if i.is_new),
        ))
    return summaries


def off_topic_items(session: Session, actor: Actor, run: AnalysisRun) -> list[AnalysisItem]:
    require_reader(actor)
    return list(session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.off_topic.is_(True))
        .order_by(AnalysisItem.id)
    ))


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
            {"key": key, "model": self.model[:80], "dimensions": int(vector.shape[-1]),
             "vector": np.asarray(vector, dtype="<f4").tobytes(), "created_at": now}
            for key, vector in vectors.items()
        ]
        for start in range(0, len(rows), 500):
            # Another run may have stored the same text meanwhile: the first vector stays.
            self.session.execute(
                insert(EmbeddingVector).on_conflict_do_nothing(index_elements=["key"]), rows[start : start + 500]
            )

