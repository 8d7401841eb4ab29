"""Importing the list of remissinstanser from CSV into the register and a round's invitations.

Never half an import: a file with errors imports nothing, unless the admin asks for the
good rows only; either way the whole import is one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, Message, ValidationFailed, msg, msg_n
from ..people.access import Actor, require_admin
from ..people.accounts import ORGANISATION_NUMBER, email_error, name_key, normalise_email, organisation_names
from ..people.models import ActorType, Organisation
from .models import Invitation
from .rounds import get_round

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000

# Column names as people write them, in Swedish or English.
COLUMN_ALIASES = {
    "name": {"name", "namn", "organisation", "organisationens namn", "remissinstans"},
    "actor_type": {"actor_type", "actor type", "aktörstyp", "aktorstyp", "typ"},
    "municipality": {"municipality", "kommun"},
    "organisation_number": {
        "organisation_number",
        "organisation number",
        "organisationsnummer",
        "orgnr",
        "org.nr",
    },
    "email": {"email", "e-mail", "contact_email", "e-post", "epost", "kontakt", "kontaktadress"},
}
ACTOR_TYPE_NAMES = {
    "kommun": ActorType.MUNICIPALITY,
    "region": ActorType.REGION,
    "statlig myndighet": ActorType.AGENCY,
    "myndighet": ActorType.AGENCY,
    "näringsliv": ActorType.BUSINESS,
    "företag": ActorType.BUSINESS,
    "akademi": ActorType.ACADEMIA,
    "lärosäte": ActorType.ACADEMIA,
    "idéburen sektor": ActorType.CIVIL_SOCIETY,
    "civilsamhälle": ActorType.CIVIL_SOCIETY,
    "förening": ActorType.CIVIL_SOCIETY,
    "privatperson": ActorType.PRIVATE_PERSON,
    "övrig": ActorType.OTHER,
    "övriga": ActorType.OTHER,
} | {t.value: t for t in ActorType}


@dataclass
class ImportRow:
    row_number: int
    name: str
    actor_type: ActorType | None
    municipality: str | None
    organisation_number: str | None
    email: str | None
    errors: list[Message] = field(default_factory=list)
    organisation: Organisation | None = None  # the register entry it matched
    already_invited: bool = False

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.already_invited:
            return "already_invited"
        return "matched" if self.organisation is not None else "new"


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[Message] = field(default_factory=list)

    @property
    def good_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Swedish Windows saves "CSV" in Windows-1252.
        return data.decode("cp1252", errors="replace")


def _canonical_column(header: str) -> str | None:
    cleaned = " ".join(header.strip().lower().replace("_", " ").split())
    for column, aliases in COLUMN_ALIASES.items():
        if cleaned in {a.replace("_", " ") for a in aliases}:
            return column
    return None


def _blank_to_none(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def read_csv(data: bytes) -> tuple[list[ImportRow], list[Message]]:
    """Rows with their own problems; file-level problems (no name column, not CSV) separately."""
    if len(data) > MAX_CSV_BYTES:
        return [], [msg(N_("Filen är för stor: högst 5 MB."))]
    if b"\x00" in data[:8192] or data[:4] == b"PK\x03\x04":
        return [], [msg(N_("Filen är inte en CSV-fil. Spara listan som CSV (kommaavgränsad) från Excel."))]
    text = _decode(data)
    if not text.strip():
        return [], [msg(N_("Filen är tom."))]
    try:
        return _read_rows(text)
    except csv.Error:
        # A field over the csv module's limit (128 kB), most often a quote that is never closed.
        return [], [
            msg(
                N_(
                    "Filen kunde inte läsas som CSV: ett fält är längre än %(kb)s kB. Kontrollera att "
                    'citattecken (") i filen är parvisa.'
                ),
                kb=csv.field_size_limit() // 1024,
            )
        ]


def _read_rows(text: str) -> tuple[list[ImportRow], list[Message]]:
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    columns = [_canonical_column(h) for h in header]
    if "name" not in columns:
        return [], [
            msg(
                N_(
                    "Filen saknar kolumnen Namn. Första raden ska innehålla kolumnnamnen: "
                    "Namn, Aktörstyp, Kommun, Organisationsnummer, E-post."
                )
            )
        ]
    if "actor_type" not in columns:
        return [], [msg(N_("Filen saknar kolumnen Aktörstyp."))]

    rows: list[ImportRow] = []
    for values in reader:
        row_number = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            return rows, [msg(N_("Filen har fler än %(max)s rader."), max=MAX_ROWS)]
        record = {c: v for c, v in zip(columns, values, strict=False) if c}
        rows.append(_row(row_number, record, extra=len(values) > len(header)))
    if not rows:
        return [], [msg(N_("Filen innehåller inga rader under rubrikraden."))]
    return rows, []


def _row(row_number: int, record: dict[str, str], extra: bool) -> ImportRow:
    type_text = (record.get("actor_type") or "").strip().lower()
    row = ImportRow(
        row_number=row_number,
        name=_blank_to_none(record.get("name")) or "",
        actor_type=ACTOR_TYPE_NAMES.get(type_text),
        municipality=_blank_to_none(record.get("municipality")),
        organisation_number=_blank_to_none(record.get("organisation_number")),
        email=normalise_email(record["email"]) if _blank_to_none(record.get("email")) else None,
    )
    if extra:
        row.errors.append(msg(N_("Raden har fler fält än rubrikraden; kontrollera avgränsare och citattecken.")))
    if not row.name:
        row.errors.append(msg(N_("Namn saknas.")))
    elif len(row.name) > 200:
        row.errors.append(msg(N_("Namnet är längre än 200 tecken.")))
    if row.municipality and len(row.municipality) > 100:  # Organisation.municipality
        row.errors.append(msg(N_("Kommunen är längre än 100 tecken.")))
    if row.actor_type is None:
        row.errors.append(
            msg(
                N_(
                    'Okänd aktörstyp "%(value)s". Använd kommun, region, statlig myndighet, '
                    "näringsliv, akademi, idéburen sektor, privatperson eller övrig."
                ),
                value=type_text,
            )
        )
    if row.organisation_number:
        digits = re.sub(r"\D", "", row.organisation_number)
        if len(digits) == 10:
            row.organisation_number = f"{digits[:6]}-{digits[6:]}"
        if not ORGANISATION_NUMBER.match(row.organisation_number):
            row.errors.append(msg(N_("Organisationsnumret ska vara tio siffror (NNNNNN-NNNN).")))
    if row.email and (error := email_error(row.email)):
        row.errors.append(error)
    return row


def preview_import(session: Session, actor: Actor, round_id: int, data: bytes) -> ImportPreview:
    """Read the file and decide, row by row, what an import would do; changes nothing."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    rows, file_errors = read_csv(data)
    invited = set(session.scalars(select(Invitation.organisation_id).where(Invitation.round_id == round_.id)))
    by_name = organisation_names(session)
    seen: dict[str, int] = {}
    for row in rows:
        if row.errors:
            continue
        keys = [name_key(row.name)] + ([row.organisation_number] if row.organisation_number else [])
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            row.errors.append(msg(N_("Samma organisation står redan på rad %(row)s."), row=earlier))
            continue
        seen.update({k: row.row_number for k in keys})
        row.organisation = _match(session, row, by_name)
        if row.organisation is not None:
            row.already_invited = row.organisation.id in invited
            if (
                row.organisation_number
                and row.organisation.organisation_number
                and row.organisation.organisation_number != row.organisation_number
            ):
                row.errors.append(
                    msg(
                        N_("Namnet finns i registret med ett annat organisationsnummer (%(number)s)."),
                        number=row.organisation.organisation_number,
                    )
                )
    return ImportPreview(rows=rows, file_errors=file_errors)


def _match(session: Session, row: ImportRow, by_name: dict[str, Organisation]) -> Organisation | None:
    """The register entry with the same organisation number, else with the same name."""
    if row.organisation_number:
        found = session.scalar(select(Organisation).where(Organisation.organisation_number == row.organisation_number))
        if found is not None:
            return found
    return by_name.get(name_key(row.name))


@dataclass
class ImportResult:
    created_organisations: int = 0
    matched_organisations: int = 0
    invitations: int = 0
    skipped_rows: list[int] = field(default_factory=list)


def import_invitations(
    session: Session, actor: Actor, round_id: int, data: bytes, *, good_rows_only: bool = False
) -> ImportResult:
    """Import the file into the register and the round's invitations, all rows or none."""
    preview = preview_import(session, actor, round_id, data)
    if preview.file_errors:
        raise ValidationFailed({"file": preview.file_errors})
    if preview.bad_rows and not good_rows_only:
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
    round_ = get_round(session, round_id)
    result = ImportResult(skipped_rows=[r.row_number for r in preview.bad_rows])
    for row in preview.good_rows:
        organisation = row.organisation
        if organisation is None:
            organisation = Organisation(
                name=row.name,
                actor_type=row.actor_type,
                municipality=row.municipality,
                organisation_number=row.organisation_number,
                email=row.email,
            )
            session.add(organisation)
            result.created_organisations += 1
        else:
            result.matched_organisations += 1
            organisation.email = organisation.email or row.email
            organisation.municipality = organisation.municipality or row.municipality
            organisation.organisation_number = organisation.organisation_number or row.organisation_number
        if not row.already_invited:
            session.add(Invitation(round=round_, organisation=organisation, contact_email=row.email))
            result.invitations += 1
    session.flush()
    return result
