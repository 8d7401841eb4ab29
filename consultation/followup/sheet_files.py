"""Reading a spreadsheet of insatser (.xlsx or CSV) into rows of cells, by the column names people use.

Knows files, not insatser: what the cells mean is consultation/followup/sheets.py's. An .xlsx is checked
for a zip bomb before openpyxl opens it; a CSV may be UTF-8 or Windows-1252, with commas or semicolons.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from ..errors import N_, Message, ValidationFailed, msg
from ..uploads import check_zip

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000

COLUMN_ALIASES = {
    "title": {"title", "rubrik", "titel", "insats", "namn på insats"},
    "organisation": {"organisation", "ägare", "huvudman", "owner", "ägande organisation"},
    "goal_area": {"goal area", "goal_area", "målområde", "mål", "avsnitt", "målområden"},
    "status": {"status"},
    "progress": {"progress", "framsteg", "andel klar", "klart", "klart (%)", "framsteg (%)"},
    "starts_on": {"start", "startdatum", "starts_on", "starts on", "från"},
    "ends_on": {"end", "slut", "slutdatum", "ends_on", "ends on", "till"},
    "contact_name": {"contact", "kontakt", "kontaktperson", "contact_name", "contact name"},
    "contact_email": {"contact_email", "contact email", "e-post", "epost", "kontaktens e-post", "email"},
    "description": {"description", "beskrivning", "kort beskrivning"},
    "indicator_name": {"indikator", "indicator", "indicator_name", "indicator name", "indikatorns namn"},
    "indicator_unit": {"enhet", "unit", "indicator_unit", "indicator unit"},
    "indicator_baseline": {"utgångsvärde", "basvärde", "baseline", "indicator_baseline", "indicator baseline"},
    "indicator_target": {"målvärde", "target", "indicator_target", "indicator target"},
}
# The export's column names: the import reads them back.
EXPORT_COLUMNS = {
    "title": "Rubrik",
    "organisation": "Organisation",
    "goal_area": "Målområde",
    "status": "Status",
    "progress": "Framsteg (%)",
    "starts_on": "Startdatum",
    "ends_on": "Slutdatum",
    "contact_name": "Kontaktperson",
    "contact_email": "E-post",
    "description": "Beskrivning",
    "indicator_name": "Indikator",
    "indicator_unit": "Enhet",
    "indicator_baseline": "Utgångsvärde",
    "indicator_target": "Målvärde",
}


def _canonical_column(header: str) -> str | None:
    cleaned_header = " ".join(header.strip().lower().replace("_", " ").split())
    for column, aliases in COLUMN_ALIASES.items():
        if cleaned_header in {a.replace("_", " ") for a in aliases}:
            return column
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if not isinstance(value, str) or "\n" not in value else value.strip()


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    check_zip(data)  # a zip bomb is refused before openpyxl unpacks anything
    from openpyxl import load_workbook  # deferred, as in app/exports.py: only an import needs it

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(v) for v in values]))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Swedish Windows
    lines = text.splitlines()
    if not lines:
        return []
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for values in reader:
        rows.append((reader.line_num, [v.strip() for v in values]))
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def read_sheet(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[Message]]:
    """The rows of an .xlsx or CSV file as (row number, non-empty cells by column); file-level problems separately."""
    if len(data) > MAX_FILE_BYTES:
        return [], [msg(N_("Filen är för stor: högst 5 MB."))]
    try:
        raw = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    except ValidationFailed as error:
        return [], error.errors["file"]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return [], [msg(N_("Filen kunde inte läsas. Spara listan som .xlsx eller CSV från Excel."))]
    except csv.Error:
        return [], [msg(N_('Filen kunde inte läsas som CSV. Kontrollera att citattecken (") i filen är parvisa.'))]
    if b"\x00" in data[:8192] and data[:4] != b"PK\x03\x04":
        return [], [msg(N_("Filen kunde inte läsas. Spara listan som .xlsx eller CSV från Excel."))]
    raw = [(n, values) for n, values in raw if any(v for v in values)]
    if not raw:
        return [], [msg(N_("Filen är tom."))]
    (_, header), body = raw[0], raw[1:]
    columns = [_canonical_column(h) for h in header]
    missing = [name for name in ("title", "organisation", "goal_area") if name not in columns]
    if missing:
        return [], [
            msg(
                N_("Filen saknar kolumnen %(column)s. Första raden ska innehålla kolumnnamnen, till exempel: %(all)s."),
                column=EXPORT_COLUMNS[missing[0]],
                all=", ".join(EXPORT_COLUMNS.values()),
            )
        ]
    if len(body) > MAX_ROWS:
        return [], [msg(N_("Filen har fler än %(max)s rader."), max=MAX_ROWS)]
    if not body:
        return [], [msg(N_("Filen innehåller inga rader under rubrikraden."))]
    return [(number, {c: v for c, v in zip(columns, values, strict=False) if c and v}) for number, values in body], []
