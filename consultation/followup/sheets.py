"""Insatser from a spreadsheet (.xlsx or CSV) and back: the coordinator moves a region's existing lists in.

Shaped like the remissinstanser import (consultation/remiss/invitations.py): columns found by the names
people give them, a preview that says row by row what is wrong, and never half an import: a file with
one bad row imports nothing. Rows with the same title and organisation are one insats with one
indicator per row, which is also how the export writes an insats with several indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, Message, ValidationFailed, msg, msg_n
from ..people.access import Actor, require_admin, user_id_of
from ..people.accounts import name_key, organisation_names
from .goal_areas import GoalArea, find_goal_area, followed_up_process, goal_area_of, goal_areas
from .initiatives import IndicatorData, InitiativeData, check_initiative, cleaned, new_initiative
from .listing import all_initiatives
from .models import Approval, Initiative, InitiativeStatus
from .sheet_files import EXPORT_COLUMNS, read_sheet

STATUS_WORDS = {
    InitiativeStatus.PLANNED: "planerad",
    InitiativeStatus.ONGOING: "pågår",
    InitiativeStatus.DONE: "genomförd",
    InitiativeStatus.PAUSED: "pausad",
    InitiativeStatus.CANCELLED: "avbruten",
}
STATUS_NAMES = (
    {word: status for status, word in STATUS_WORDS.items()}
    | {"pågående": InitiativeStatus.ONGOING, "klar": InitiativeStatus.DONE, "avslutad": InitiativeStatus.DONE}
    | {s.value: s for s in InitiativeStatus}
)
_INSATS_COLUMNS = (
    "goal_area",
    "status",
    "progress",
    "starts_on",
    "ends_on",
    "contact_name",
    "contact_email",
    "description",
)


@dataclass
class ImportRow:
    row_number: int
    cells: dict[str, str]
    data: InitiativeData | None = None
    goal_areas: list[GoalArea] = field(default_factory=list)
    organisation_name: str = ""
    continues_row: int | None = None  # an earlier row of the same insats: this row adds an indicator
    errors: list[Message] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.cells.get("title", "")


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[Message] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def initiative_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.continues_row is None]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _number(text: str, row: ImportRow, what: str) -> float | None:
    text = text.replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        row.errors.append(msg(N_('%(what)s ska vara ett tal, inte "%(value)s".'), what=what, value=text))
        return None
    return float(text.replace(",", "."))


def _date(text: str, row: ImportRow, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        row.errors.append(
            msg(N_('%(what)s ska vara ett datum som 2027-03-31, inte "%(value)s".'), what=what, value=text)
        )
        return None


def _progress(text: str, row: ImportRow) -> int:
    cleaned_text = text.replace("%", "").strip()
    if not cleaned_text:
        return 0
    if not cleaned_text.isdecimal() or not 0 <= int(cleaned_text) <= 100:
        row.errors.append(msg(N_('Framsteg ska vara en procentsats från 0 till 100, inte "%(value)s".'), value=text))
        return 0
    return int(cleaned_text)


def _goal_areas(text: str, areas: list[GoalArea], row: ImportRow) -> list[GoalArea]:
    found: list[GoalArea] = []
    whole = find_goal_area(areas, text)
    parts = [whole] if whole else [p for p in re.split(r"[;|,]", text) if p.strip()]
    for part in parts:
        area = part if isinstance(part, GoalArea) else find_goal_area(areas, part)
        if area is None:
            row.errors.append(
                msg(
                    N_('Okänt målområde "%(value)s". Ange målområdets nummer eller rubrik, till exempel %(example)s.'),
                    value=part.strip(),
                    example=", ".join(a.title for a in areas[:3]),
                )
            )
        elif area not in found:
            found.append(area)
    if not text:
        row.errors.append(msg(N_("Målområde saknas.")))
    return found


def _parse(row: ImportRow, areas: list[GoalArea]) -> None:
    cells = row.cells
    status_text = cells.get("status", "").lower()
    status = STATUS_NAMES.get(status_text, InitiativeStatus.PLANNED if not status_text else None)
    if status is None:
        row.errors.append(
            msg(
                N_('Okänd status "%(value)s". Använd planerad, pågår, genomförd, pausad eller avbruten.'),
                value=cells["status"],
            )
        )
    row.goal_areas = _goal_areas(cells.get("goal_area", ""), areas, row)
    indicator = IndicatorData(
        name=cells.get("indicator_name", ""),
        unit=cells.get("indicator_unit", ""),
        baseline=_number(cells.get("indicator_baseline", ""), row, "Utgångsvärdet"),
        target=_number(cells.get("indicator_target", ""), row, "Målvärdet"),
    )
    row.data = InitiativeData(
        title=cells.get("title", ""),
        organisation_id=None,
        section_ids=[],  # the preview links the goal areas' top-level sections
        description=cells.get("description", ""),
        contact_name=cells.get("contact_name", ""),
        contact_email=cells.get("contact_email"),
        starts_on=_date(cells.get("starts_on", ""), row, "Startdatumet"),
        ends_on=_date(cells.get("ends_on", ""), row, "Slutdatumet"),
        status=status or InitiativeStatus.PLANNED,
        progress=_progress(cells.get("progress", ""), row),
        indicators=[indicator],
    )


def preview_import(session: Session, actor: Actor | None, code: str, data: bytes) -> ImportPreview:
    """Read the file and say, row by row, what an import would do; changes nothing."""
    require_admin(actor)
    process, adoption = followed_up_process(session, actor, code)
    cells, file_errors = read_sheet(data)
    rows = [ImportRow(number, by_column) for number, by_column in cells]
    areas = goal_areas(adoption.version)
    # The top-level section stands for its goal area; an import links an insats to it.
    top_ids = {a.key: min(a.section_ids, key=lambda i: _position(adoption, i)) for a in areas}
    section_ids = {s.id for s in adoption.version.sections}
    by_name = organisation_names(session)
    existing = {
        (name_key(title), organisation_id)
        for title, organisation_id in session.execute(
            select(Initiative.title, Initiative.organisation_id).where(Initiative.process_id == process.id)
        )
    }
    first_of: dict[tuple[str, int], ImportRow] = {}
    for row in rows:
        _parse(row, areas)
        row.data.section_ids = [top_ids[a.key] for a in row.goal_areas]
        row.organisation_name = row.cells.get("organisation", "")
        organisation = by_name.get(name_key(row.organisation_name)) if row.organisation_name else None
        if not row.organisation_name:
            row.errors.append(msg(N_("Organisation saknas.")))
        elif organisation is None:
            row.errors.append(
                msg(
                    N_(
                        'Organisationen "%(name)s" finns inte i organisationsregistret. Lägg till den eller rätta namnet.'
                    ),
                    name=row.organisation_name,
                )
            )
        else:
            row.data.organisation_id = organisation.id
        data_ = cleaned(row.data)
        row.data = data_
        for name, messages in check_initiative(data_, section_ids).items():
            if name != "section_ids":  # said above, in the words of the sheet
                row.errors.extend(messages)
        if organisation is None or not data_.title:
            continue
        key = (name_key(data_.title), organisation.id)
        if key in existing:
            row.errors.append(msg(N_("Insatsen finns redan för %(name)s."), name=organisation.name))
        elif key in first_of:
            first = first_of[key]
            row.continues_row = first.row_number
            differs = [c for c in _INSATS_COLUMNS if row.cells.get(c) and row.cells.get(c) != first.cells.get(c)]
            if differs:
                row.errors.append(
                    msg(
                        N_(
                            "Samma insats står på rad %(row)s men med andra uppgifter (%(columns)s). En rad till för "
                            "samma insats får bara lägga till en indikator."
                        ),
                        row=first.row_number,
                        columns=", ".join(EXPORT_COLUMNS[c] for c in differs),
                    )
                )
            else:
                first.data.indicators.extend(data_.indicators)
                if len(first.data.indicators) > 10:
                    row.errors.append(msg(N_("Högst %(max)s indikatorer per insats."), max=10))
        else:
            first_of[key] = row
    return ImportPreview(rows=rows, file_errors=file_errors)


def _position(adoption, section_id: int) -> int:
    return next(s.position for s in adoption.version.sections if s.id == section_id)


@dataclass
class ImportResult:
    initiatives: int = 0
    indicators: int = 0


def import_initiatives(session: Session, actor: Actor | None, code: str, data: bytes, now: datetime) -> ImportResult:
    """Import every insats of the file, approved, or none of them if any row is wrong."""
    preview = preview_import(session, actor, code, data)
    if preview.file_errors:
        raise ValidationFailed({"file": preview.file_errors})
    if preview.bad_rows:
        raise ValidationFailed(
            {
                "file": [
                    msg_n(
                        "%(num)s rad har fel. Inget har importerats.",
                        "%(num)s rader har fel. Inget har importerats.",
                        len(preview.bad_rows),
                    )
                ]
            }
        )
    process, adoption = followed_up_process(session, actor, code)
    result = ImportResult()
    for row in preview.initiative_rows:
        initiative = new_initiative(session, process, adoption, row.data)
        initiative.approval = Approval.APPROVED
        initiative.proposed_by_id = initiative.decided_by_id = user_id_of(actor)
        initiative.created_at = initiative.decided_at = now
        result.initiatives += 1
        result.indicators += len(row.data.indicators)
    audit.record(session, audit.Action.INITIATIVES_IMPORTED, actor, process, {"initiatives": result.initiatives})
    session.flush()
    return result


def export_rows(session: Session, actor: Actor | None, code: str) -> tuple[list[str], list[list[object]]]:
    """Every insats of the process as rows the import reads back: one row per indicator."""
    require_admin(actor)
    process, adoption = followed_up_process(session, actor, code)
    areas = goal_areas(adoption.version)
    header = [*EXPORT_COLUMNS.values(), "Godkännande"]
    rows: list[list[object]] = []
    approval_words = {Approval.PROPOSED: "föreslagen", Approval.APPROVED: "godkänd", Approval.REJECTED: "avslagen"}
    for initiative in all_initiatives(session, actor, process):
        named = []
        for section in initiative.sections:
            area = goal_area_of(areas, section.id)
            if area is not None and area.number not in named:
                named.append(area.number)
        base = [
            initiative.title,
            initiative.organisation.name,
            "; ".join(named),
            STATUS_WORDS[InitiativeStatus(initiative.status)],
            initiative.progress,
            initiative.starts_on,
            initiative.ends_on,
            initiative.contact_name,
            initiative.contact_email or "",
            initiative.description,
        ]
        for indicator in initiative.indicators or [None]:
            values = (
                [indicator.name, indicator.unit, indicator.baseline, indicator.target]
                if indicator
                else ["", "", None, None]
            )
            rows.append([*base, *values, approval_words[Approval(initiative.approval)]])
    return header, rows
