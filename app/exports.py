"""Spreadsheet exports that are safe to open: no cell can run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A leading =, +, -, @, tab or carriage return makes Excel and LibreOffice read a cell as
# a formula (OWASP "CSV injection").
# The fullwidth look-alikes are the point: spreadsheets read them as formula starts too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")  # noqa: RUF001
_ILLEGAL_XLSX = {i for i in range(32) if chr(i) not in "\t\n\r"}


def neutralise(value: object) -> object:
    """Text that would start a formula gets a leading apostrophe; other values are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with BOM and semicolons, as Excel in Swedish expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_text(value: str) -> str:
    return "".join(ch for ch in value if ord(ch) not in _ILLEGAL_XLSX)


def to_xlsx(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Every text cell is stored as text (never a formula), with a bold frozen header row that filters."""
    # Deferred: openpyxl (which imports numpy where installed) is only needed for an export, not at start.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([_xlsx_text(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    last_row = 1
    for row_number, row in enumerate(rows, start=2):
        last_row = row_number
        values = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                value = _xlsx_text(value)
                widths[index] = max(widths[index], min(len(value), 80))
            values.append(value)
        sheet.append(values)
        # Cell by cell: sheet[n] and sheet.max_row count every cell so far, quadratic over a large export.
        for column in range(1, len(values) + 1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, width + 2)
    sheet.freeze_panes = "A2"
    # A filter on the header row: the working group sorts and narrows by organisation, section, ...
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{last_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
