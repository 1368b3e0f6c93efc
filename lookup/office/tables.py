"""Plain tables (a header row and rows) as .csv or .xlsx for the office's downloads.

Formula-safe like the lists' exporter (`lookup.lists.exporter.neutralise`): text that a
spreadsheet program could take for a formula gets one leading apostrophe, and every text cell
of an .xlsx is stored as a string, never as a formula. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lookup.lists.exporter import neutralise

Cell = str | int | float | None
FORMATS = ("xlsx", "csv")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(value: Cell) -> Cell:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM (Excel reads the encoding), CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(h) for h in header])
    writer.writerows([_safe(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(
    title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]], note: str = ""
) -> bytes:
    """One sheet: a bold title row, an optional note row, the header, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    lines = [[title], *([[note]] if note else []), list(header), *map(list, rows)]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            cell = sheet.cell(r, c)
            cell.value = _safe(value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text looks like
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1).font = Font(size=14, bold=True)
    header_row = 3 if note else 2
    for c in range(1, len(header) + 1):
        sheet.cell(header_row, c).font = Font(bold=True)
        width = max(
            (len(str(line[c - 1])) for line in lines[header_row - 1 :] if len(line) >= c), default=8
        )
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width * 1.6, 8), 60)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(fmt: str, title: str, header, rows, note: str = "") -> tuple[bytes, str]:
    """The table as `fmt` ("xlsx" or "csv") and its MIME type."""
    if fmt == "csv":
        return to_csv(header, rows), MIME["csv"]
    return to_xlsx(title, header, rows, note), MIME["xlsx"]
