"""Searching a process's texts: terms matched by FTS5 (SQLite) or a tsvector (PostgreSQL), the
working group's filters, ranking by relevance, one page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, column, exists, func, literal_column, not_, select, table, text
from sqlalchemy.orm import Session

from ..collation import swedish_sorted
from ..drafts.models import Process, Section
from ..errors import N_, NotFound, msg
from ..paging import Page
from ..people.access import Actor
from ..remiss.models import ConsultationRound
from ..remiss.reading import require_reader
from ..review.compilation_queries import latest_done_run
from ..review.models import AnalysisItem, Decision, Position, Theme
from .indexing import matches_subject
from .models import FTS_TABLE, TSVECTOR_COLUMN, SearchDocument

PER_PAGE = 20
_fts = table(FTS_TABLE, column("rowid"))


@dataclass(frozen=True)
class SearchFilter:
    round_id: int | None = None
    section_key: str | None = None
    theme_id: int | None = None
    actor_type: str | None = None
    municipality: str | None = None
    decision: Decision | None = None
    unanswered: bool = False  # only texts without a position


@dataclass(frozen=True)
class Choices:
    """What the filters offer in one process."""

    rounds: list[ConsultationRound]
    sections: list[tuple[str, str]]  # (key, label)
    themes: list[tuple[int, str]]  # (theme id, round title: label), of each round's latest finished analysis
    municipalities: list[str]


def get_process(session: Session, actor: Actor, code: str) -> Process:
    """The process whose texts the working group (or an admin) searches."""
    require_reader(actor)
    process = session.scalar(select(Process).where(Process.code == code))
    if process is None:
        raise NotFound(msg(N_("Processen finns inte.")))
    return process


def choices(session: Session, actor: Actor, process_id: int) -> Choices:
    """The rounds, sections, themes and municipalities the process's filters offer."""
    require_reader(actor)
    rounds = list(
        session.scalars(
            select(ConsultationRound)
            .where(ConsultationRound.process_id == process_id)
            .order_by(ConsultationRound.opens_at, ConsultationRound.id)
        )
    )
    sections: dict[str, str] = {}
    versions = [r.version_id for r in rounds]
    if versions:
        for key, number, heading in session.execute(
            select(Section.key, Section.number, Section.heading)
            .where(Section.version_id.in_(versions))
            .order_by(Section.id)
        ):
            sections.setdefault(key, f"{number} {heading}")
    themes: list[tuple[int, str]] = []
    for round_ in rounds:
        run = latest_done_run(session, round_.id)
        if run is not None:
            for theme in session.scalars(select(Theme).where(Theme.run_id == run.id).order_by(Theme.rank, Theme.id)):
                themes.append((theme.id, f"{round_.title}: {theme.label}"))
    municipalities = session.scalars(
        select(SearchDocument.municipality)
        .where(SearchDocument.process_id == process_id, SearchDocument.municipality.is_not(None))
        .distinct()
    )
    return Choices(rounds, list(sections.items()), themes, swedish_sorted(municipalities))


def search(
    session: Session,
    actor: Actor,
    process_id: int,
    wanted: list[tuple[str, ...]],
    filters: SearchFilter = SearchFilter(),
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page[SearchDocument]:
    """The process's texts that contain every wanted word (any of its terms), best first.

    `wanted` comes from `analysis.search_terms.query_terms`; with no words, every text the
    filters let through, newest first.
    """
    require_reader(actor)
    statement = _filtered(select(SearchDocument), process_id, filters)
    dialect = session.get_bind().dialect.name
    if wanted and dialect == "sqlite":
        expression = " AND ".join("(" + " OR ".join(f'"{t}"' for t in terms) + ")" for terms in wanted)
        # The matches come from the FTS table first, as a materialised CTE: joined directly (or as a
        # subquery, which SQLite flattens), the planner walks search_document and probes the FTS table
        # once per row: a count at 1,000 texts took 230-350 ms, the CTE takes a few.
        matched = (
            select(_fts.c.rowid.label("id"), func.bm25(literal_column(FTS_TABLE)).label("rank"))
            .where(text(f"{FTS_TABLE} MATCH :match").bindparams(match=expression))
            .cte("matched")
            .prefix_with("MATERIALIZED")
        )
        statement = statement.join(matched, matched.c.id == SearchDocument.id).order_by(
            matched.c.rank, SearchDocument.id
        )
    elif wanted:
        query = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            " & ".join("(" + " | ".join(f"'{t}'" for t in terms) + ")" for terms in wanted),
        )
        vector = literal_column(f"{SearchDocument.__tablename__}.{TSVECTOR_COLUMN}")
        statement = statement.where(vector.op("@@")(query)).order_by(
            func.ts_rank(vector, query).desc(), SearchDocument.id
        )
    else:
        statement = statement.order_by(SearchDocument.id.desc())
    total = session.scalar(statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)) or 0
    page = max(1, min(page, -(-total // per_page) or 1))
    items = list(session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def _filtered(statement: Select, process_id: int, filters: SearchFilter) -> Select:
    statement = statement.where(SearchDocument.process_id == process_id)
    if filters.round_id is not None:
        statement = statement.where(SearchDocument.round_id == filters.round_id)
    if filters.section_key:
        statement = statement.where(SearchDocument.section_keys.contains(f" {filters.section_key} ", autoescape=True))
    if filters.actor_type:
        statement = statement.where(SearchDocument.actor_type == filters.actor_type)
    if filters.municipality:
        statement = statement.where(SearchDocument.municipality == filters.municipality)
    if filters.theme_id is not None:
        statement = statement.where(
            exists().where(
                AnalysisItem.theme_id == filters.theme_id,
                matches_subject(AnalysisItem.comment_id, AnalysisItem.note_id),
            )
        )
    answered = matches_subject(Position.comment_id, Position.note_id)
    if filters.decision is not None:
        statement = statement.where(exists().where(and_(answered, Position.decision == filters.decision)))
    if filters.unanswered:
        statement = statement.where(not_(exists().where(answered)))
    return statement
