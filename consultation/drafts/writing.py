"""Writing the next version inside Samråd: a copy of the latest version, edited section by section.

Only a draft (utkast) is written in; keys stay stable (a copied section keeps its key, a new one
gets a new key), and a section that splits or merges earlier ones names them in `derived_from`.
Two people saving the same section get the conflict handling that responses have: the second
sees both texts, with their own kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..base import utcnow
from ..errors import N_, Conflict, NotFound, ValidationFailed, msg
from ..people.access import Actor, user_id_of
from .models import DocumentVersion, Process, Section, VersionStatus
from .publication import require_draft_writer
from .versions import MAX_HEADING_LENGTH, MAX_NUMBER_LENGTH, MAX_SECTION_CHARACTERS, new_section_key


@dataclass(frozen=True)
class SectionEdit:
    heading: str
    body: str
    number: str
    level: int
    derived_from: tuple[str, ...] = ()
    # The revision the person started from (None for a new section).
    base_revision: int | None = None


@dataclass(frozen=True)
class SectionConflict:
    """Someone else saved the section since this person opened it: both texts, theirs as saved."""

    mine: SectionEdit
    theirs: Section
    theirs_updated_by: str | None
    theirs_updated_at: datetime | None


def start_next_version(session: Session, actor: Actor, process_id: int) -> DocumentVersion:
    """Copy the newest version into a new draft; one draft at a time, so nobody writes in two."""
    require_draft_writer(actor)
    process = session.get(Process, process_id)
    if process is None or not process.documents or process.documents[-1].latest_version is None:
        raise NotFound(msg(N_("Det finns ingen version att utgå från.")))
    document = process.documents[-1]
    latest = document.latest_version
    if not latest.is_published:
        raise ValidationFailed(
            {"version": [msg(N_("Version %(number)s är redan ett utkast: skriv vidare i den."), number=latest.number)]}
        )
    # The copies are made before the version joins the document, so nothing half-made is flushed.
    copies = [
        Section(
            key=section.key,
            number=section.number,
            heading=section.heading,
            body=section.body,
            level=section.level,
            position=section.position,
        )
        for section in latest.sections
    ]
    version = DocumentVersion(
        document=document,
        number=latest.number + 1,
        title=latest.title,
        status=VersionStatus.DRAFT,
        note="",
        sections=copies,
    )
    session.add(version)
    session.flush()
    return version


def _draft_of(session: Session, actor: Actor, version_id: int) -> DocumentVersion:
    require_draft_writer(actor)
    version = session.get(DocumentVersion, version_id)
    if version is None:
        raise NotFound(msg(N_("Versionen finns inte.")))
    if version.is_published:
        raise ValidationFailed(
            {"version": [msg(N_("Version %(number)s är publicerad och kan inte ändras."), number=version.number)]}
        )
    return version


def _section_of(version: DocumentVersion, key: str) -> Section:
    section = next((s for s in version.sections if s.key == key), None)
    if section is None:
        raise NotFound(msg(N_("Avsnittet finns inte.")))
    return section


def previous_version(version: DocumentVersion) -> DocumentVersion | None:
    earlier = [v for v in version.document.versions if v.number < version.number]
    return earlier[-1] if earlier else None


def _checked(version: DocumentVersion, edit: SectionEdit, section: Section | None) -> SectionEdit:
    errors: dict = {}
    heading, number = " ".join(edit.heading.split()), edit.number.strip()
    body = edit.body.replace("\r\n", "\n").strip("\n")
    if not heading:
        errors["heading"] = [msg(N_("Ange en rubrik."))]
    elif len(heading) > MAX_HEADING_LENGTH:
        errors["heading"] = [msg(N_("Rubriken är för lång: högst %(max)s tecken."), max=MAX_HEADING_LENGTH)]
    if not number:
        errors["number"] = [msg(N_("Ange avsnittets nummer, till exempel 3.2."))]
    elif len(number) > MAX_NUMBER_LENGTH:
        errors["number"] = [msg(N_("Numret är för långt: högst %(max)s tecken."), max=MAX_NUMBER_LENGTH)]
    elif any(s.number == number and s is not section for s in version.sections):
        errors["number"] = [msg(N_("Ett annat avsnitt har redan nummer %(number)s."), number=number)]
    if edit.level not in (1, 2, 3):
        errors["level"] = [msg(N_("Välj nivå 1, 2 eller 3."))]
    if len(body) > MAX_SECTION_CHARACTERS:
        errors["body"] = [
            msg(N_("Texten är för lång: högst %(max)s tecken. Dela upp avsnittet."), max=MAX_SECTION_CHARACTERS)
        ]
    previous = previous_version(version)
    known = {s.key for s in previous.sections} if previous else set()
    if set(edit.derived_from) - known:
        errors["derived_from"] = [msg(N_("Välj bara avsnitt ur den föregående versionen."))]
    if errors:
        raise ValidationFailed(errors)
    return SectionEdit(heading, body, number, edit.level, tuple(edit.derived_from), edit.base_revision)


def _write(section: Section, edit: SectionEdit, actor: Actor) -> None:
    section.heading, section.body, section.number, section.level = edit.heading, edit.body, edit.number, edit.level
    section.derived_from = " ".join(edit.derived_from)
    section.updated_by_id, section.updated_at = user_id_of(actor), utcnow()


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(msg(N_("Någon sparade samma avsnitt precis samtidigt. Ladda om sidan."))) from error


def save_section(
    session: Session, actor: Actor, version_id: int, key: str, edit: SectionEdit
) -> Section | SectionConflict:
    """Save a section's heading, number, level and text; a section changed meanwhile is a conflict."""
    version = _draft_of(session, actor, version_id)
    section = _section_of(version, key)
    edit = _checked(version, edit, section)
    if edit.base_revision != section.revision:
        who = section.updated_by.name if section.updated_by else None
        return SectionConflict(mine=edit, theirs=section, theirs_updated_by=who, theirs_updated_at=section.updated_at)
    _write(section, edit, actor)
    section.revision += 1
    _flush(session)
    return section


def add_section(session: Session, actor: Actor, version_id: int, after_key: str | None, edit: SectionEdit) -> Section:
    """A new section, with a new key, after the given one (first when None)."""
    version = _draft_of(session, actor, version_id)
    edit = _checked(version, edit, None)
    position = _section_of(version, after_key).position + 1 if after_key else 0
    _shift(session, version, [s for s in version.sections if s.position >= position], +1)
    section = Section(key=new_section_key(), position=position, heading="", body="", number="", level=1)
    _write(section, edit, actor)
    version.sections.append(section)
    _flush(session)
    session.refresh(version, ["sections"])
    return section


def _shift(session: Session, version: DocumentVersion, sections: list[Section], by: int) -> None:
    """Move positions in two steps (through free negative ones), so (version, position) stays unique."""
    for section in sections:
        section.position = -section.position - 1000
    session.flush()
    for section in sections:
        section.position = -section.position - 1000 + by
    session.flush()


def remove_section(session: Session, actor: Actor, version_id: int, key: str) -> None:
    version = _draft_of(session, actor, version_id)
    section = _section_of(version, key)
    if len(version.sections) == 1:
        raise ValidationFailed({"version": [msg(N_("En version måste ha minst ett avsnitt."))]})
    later = [s for s in version.sections if s.position > section.position]
    version.sections.remove(section)
    session.flush()
    _shift(session, version, later, -1)
    session.refresh(version, ["sections"])


def move_section(session: Session, actor: Actor, version_id: int, key: str, step: int) -> None:
    """Swap a section with its neighbour above (step -1) or below (+1)."""
    version = _draft_of(session, actor, version_id)
    section = _section_of(version, key)
    ordered = sorted(version.sections, key=lambda s: s.position)
    index = ordered.index(section)
    if step not in (-1, 1) or not 0 <= index + step < len(ordered):
        return
    other = ordered[index + step]
    first, second = section.position, other.position
    section.position, other.position = -1, -2
    session.flush()
    section.position, other.position = second, first
    session.flush()
    session.refresh(version, ["sections"])


def renumber(session: Session, actor: Actor, version_id: int) -> None:
    """Number the sections 1, 1.1, 1.1.1, 2 … from their order and levels."""
    version = _draft_of(session, actor, version_id)
    ordered = sorted(version.sections, key=lambda s: s.position)
    for index, section in enumerate(ordered):
        section.number = f"~{index}"  # free numbers first: (version, number) is unique
    session.flush()
    counters = [0, 0, 0]
    for section in ordered:
        level = min(max(section.level, 1), 3)
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        section.number = ".".join(str(c or 1) for c in counters[:level])
    session.flush()
