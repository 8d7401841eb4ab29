"""What changed between two versions of a draft: per section, matched by key, word by word."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..errors import N_, NotFound, msg
from ..people.access import Actor
from . import processes, publication
from .models import DocumentVersion, Process, Section
from .word_diff import Op, Piece, diff_words


class Change(StrEnum):
    CHANGED = "changed"
    NEW = "new"
    REMOVED = "removed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class SectionChange:
    key: str
    change: Change
    old: Section | None
    new: Section | None
    heading: list[Piece]  # the heading with its number, "3.2 Kompetensförsörjning"
    body: list[Piece]  # the Markdown source as plain text: user text is compared, never rendered markup

    @property
    def section(self) -> Section:
        """The section as it reads now (the new one), or as it last read when it was removed."""
        return self.new or self.old  # type: ignore[return-value]


@dataclass(frozen=True)
class Comparison:
    process: Process
    old: DocumentVersion
    new: DocumentVersion
    sections: list[SectionChange]

    @property
    def counts(self) -> Counter[Change]:
        return Counter(s.change for s in self.sections)

    @property
    def versions(self) -> list[DocumentVersion]:
        return list(self.old.document.versions)


def can_compare(actor: Actor | None, version: DocumentVersion) -> bool:
    """Whether the actor may read this version in a comparison: as on the draft page, a draft only
    to those who write the versions."""
    return version.is_published or publication.may_see_drafts(actor)


def compare_sections(old: list[Section], new: list[Section]) -> list[SectionChange]:
    """Each section of either version once, in the new version's order; a removed one where it stood."""
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    removed_after: dict[str | None, list[Section]] = {}
    anchor: str | None = None  # the last section before it that is still there
    for section in old:
        if section.key in new_keys:
            anchor = section.key
        else:
            removed_after.setdefault(anchor, []).append(section)

    changes = [_removed(s) for s in removed_after.get(None, [])]
    for section in new:
        before = old_by_key.get(section.key)
        changes.append(_new(section) if before is None else _between(before, section))
        changes.extend(_removed(s) for s in removed_after.get(section.key, []))
    return changes


def _title(section: Section) -> str:
    return f"{section.number} {section.heading}"


def _new(section: Section) -> SectionChange:
    return SectionChange(
        section.key,
        Change.NEW,
        None,
        section,
        [Piece(Op.INSERT, _title(section))],
        diff_words("", section.body),
    )


def _removed(section: Section) -> SectionChange:
    return SectionChange(
        section.key,
        Change.REMOVED,
        section,
        None,
        [Piece(Op.DELETE, _title(section))],
        diff_words(section.body, ""),
    )


def _between(old: Section, new: Section) -> SectionChange:
    heading = diff_words(_title(old), _title(new))
    body = diff_words(old.body, new.body)
    unchanged = all(p.op is Op.EQUAL for p in heading + body)
    return SectionChange(new.key, Change.UNCHANGED if unchanged else Change.CHANGED, old, new, heading, body)


def _versions_of(session: Session, process: Process) -> dict[int, DocumentVersion]:
    current = processes.current_version(process)
    if current is None:
        raise NotFound(msg(N_("Det finns inget förslag att läsa ännu.")))
    found = session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == current.document_id)
        .options(selectinload(DocumentVersion.sections))
    )
    return {v.number: v for v in found}


def compare_versions(
    session: Session, actor: Actor | None, code: str, old_number: int | None, new_number: int | None
) -> Comparison:
    """Version `old_number` against `new_number` of the process's draft; by default the two newest this person may read.

    Two queries for the versions and their sections, however many sections there are.
    """
    process = processes.get_process(session, actor, code)
    versions = {n: v for n, v in _versions_of(session, process).items() if can_compare(actor, v)}
    newest = max(versions)
    new_number = newest if new_number is None else new_number
    if old_number is None:  # the version this person may read just before it, or itself when there is none
        old_number = max((n for n in versions if n < new_number), default=new_number)
    old, new = versions.get(old_number), versions.get(new_number)
    if old is None or new is None or not (can_compare(actor, old) and can_compare(actor, new)):
        raise NotFound(msg(N_("Den versionen av förslaget finns inte.")))
    return Comparison(process, old, new, compare_sections(old.sections, new.sections))
