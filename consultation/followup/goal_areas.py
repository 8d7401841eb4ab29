"""The goal areas of an adopted strategy: the top-level sections of the adopted version.

A section below a top-level one ("3.2" under "3") belongs to that goal area, so an insats linked to a
subsection is counted under its goal area.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..drafts.adoption import adoption_of
from ..drafts.models import Adoption, DocumentVersion, Process, Section
from ..drafts.processes import get_process
from ..errors import N_, NotFound, msg
from ..people.access import Actor


@dataclass(frozen=True)
class GoalArea:
    key: str
    number: str
    heading: str
    section_ids: frozenset[int]  # the top-level section and every section under it

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}"


def followed_up_process(session: Session, actor: Actor | None, code: str) -> tuple[Process, Adoption]:
    """The process and its adoption; a process without an adopted version has nothing to follow up."""
    process = get_process(session, actor, code)
    adoption = adoption_of(session, process)
    if adoption is None:
        raise NotFound(msg(N_("Strategin är inte antagen ännu. Uppföljningen börjar när en version har antagits.")))
    return process, adoption


def goal_areas(version: DocumentVersion) -> list[GoalArea]:
    """The version's top-level sections in order, each with the sections under it."""
    sections = sorted(version.sections, key=lambda s: s.position)
    if not sections:
        return []
    top = min(s.level for s in sections)
    groups: list[tuple[Section, list[int]]] = []
    for section in sections:
        if section.level == top:
            groups.append((section, [section.id]))
        elif groups:
            groups[-1][1].append(section.id)
    return [GoalArea(s.key, s.number, s.heading, frozenset(ids)) for s, ids in groups]


def goal_area_of(areas: list[GoalArea], section_id: int) -> GoalArea | None:
    return next((a for a in areas if section_id in a.section_ids), None)


def find_goal_area(areas: list[GoalArea], text: str) -> GoalArea | None:
    """A goal area as a sheet names it: by number ("2", "2."), by heading, or by both ("2 Kompetens")."""
    cleaned = " ".join(text.split()).casefold().rstrip(".")
    for area in areas:
        names = {area.number.casefold().rstrip("."), area.heading.casefold(), area.title.casefold()}
        if cleaned in names:
            return area
    return None
