"""How far the working group has come in answering a run's items: per theme, section, campaign and member."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..collation import sort_key
from ..people.access import Actor
from ..people.models import Role, User, UserRole
from .analysis_results import get_run
from .compilation_queries import WHOLE
from .models import AnalysisItem, Decision, Position


@dataclass(frozen=True)
class ProgressRow:
    key: str  # the theme id, the section key ("whole": the document as a whole) or the user id
    label: str
    answered: int
    total: int

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


@dataclass(frozen=True)
class MemberRow:
    user_id: int | None  # None: positions recorded by the system (an import)
    name: str
    answered: int  # positions this member last decided, among the run's items


@dataclass
class Progress:
    total: int = 0
    answered: int = 0
    by_decision: dict[Decision, int] = field(default_factory=dict)
    by_theme: list[ProgressRow] = field(default_factory=list)
    by_section: list[ProgressRow] = field(default_factory=list)
    by_campaign: list[ProgressRow] = field(default_factory=list)  # label: the form letter's text
    by_member: list[MemberRow] = field(default_factory=list)

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def progress(session: Session, actor: Actor, run_id: int) -> Progress:
    """How far the working group has come with the run's items: per theme, per section and per member."""
    run = get_run(session, actor, run_id)
    by_comment, by_note = aliased(Position), aliased(Position)
    rows = session.execute(
        select(
            AnalysisItem.theme_id,
            AnalysisItem.campaign_id,
            AnalysisItem.section_key,
            AnalysisItem.section_label,
            by_comment.decision,
            by_comment.decided_by_id,
            by_note.decision,
            by_note.decided_by_id,
        )
        .outerjoin(by_comment, by_comment.comment_id == AnalysisItem.comment_id)
        .outerjoin(by_note, by_note.note_id == AnalysisItem.note_id)
        .where(AnalysisItem.run_id == run_id)
    ).all()
    result = Progress(total=len(rows))
    themes: dict[int, list[int]] = {}
    sections: dict[str, list[int]] = {}
    campaigns: dict[int | None, list[int]] = {}
    section_labels: dict[str, str] = {}
    decisions: Counter = Counter()
    deciders: Counter = Counter()
    for theme_id, campaign_id, section_key, section_label, c_decision, c_by, n_decision, n_by in rows:
        decision, decided_by = (c_decision, c_by) if c_decision is not None else (n_decision, n_by)
        answered = decision is not None
        key = section_key or WHOLE
        section_labels.setdefault(key, section_label)
        for counts, bucket in ((themes, theme_id), (sections, key), (campaigns, campaign_id)):
            counts.setdefault(bucket, [0, 0])
            counts[bucket][0] += answered
            counts[bucket][1] += 1
        if answered:
            decisions[Decision(decision)] += 1
            deciders[decided_by] += 1
    result.answered = sum(decisions.values())
    result.by_decision = {d: decisions[d] for d in Decision}
    result.by_theme = [ProgressRow(str(t.id), t.label, *themes[t.id]) for t in run.themes if t.id in themes]
    result.by_campaign = [ProgressRow(str(c.id), c.text, *campaigns[c.id]) for c in run.campaigns if c.id in campaigns]
    order = {s.key: s.position for s in run.round.version.sections}
    result.by_section = [
        ProgressRow(key, section_labels[key], *sections[key])
        for key in sorted(sections, key=lambda k: (k != WHOLE, order.get(k, len(order)), k))
    ]
    result.by_member = _member_rows(session, deciders)
    return result


def _member_rows(session: Session, deciders: Counter) -> list[MemberRow]:
    """Everyone who decided a position, and every active working-group member (also with none yet)."""
    members = session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.WORKING_GROUP, User.is_active.is_(True))
    ).all()
    known = {u.id for u in members}
    others = [uid for uid in deciders if uid is not None and uid not in known]
    people = list(members) + (list(session.scalars(select(User).where(User.id.in_(others)))) if others else [])
    rows = [MemberRow(u.id, u.name, deciders.get(u.id, 0)) for u in people]
    if deciders.get(None):
        rows.append(MemberRow(None, "", deciders[None]))
    return sorted(rows, key=lambda r: (-r.answered, sort_key(r.name)))
