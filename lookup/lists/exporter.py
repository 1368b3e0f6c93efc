"""Items → the published spreadsheet layout (.xlsx), a formula-safe .csv, or .json.

Every export can be fed back to ``lookup.importer.read_table`` and gives the same field values.
Formula injection: a text starting with = + - @ (or tab/CR), or apostrophes followed by one of
these, gets one leading apostrophe (``neutralise``) in both .csv and .xlsx, so no spreadsheet
program evaluates it, even after the file is re-saved as .csv; the importer removes exactly that
one apostrophe, which keeps the round trip exact. In .xlsx every text cell is also stored
explicitly as a string (``data_type = "s"``), never as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lookup.core import clock
from lookup.core.fields import FIELD_LABELS, ITEM_FIELDS, LIST_LABELS, RETAINED

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_WIDTHS = {
    "seq": 6,
    "name": 24,
    "matter": 28,
    "requiring_department": 16,
    "issuing_authority": 16,
    "basis": 48,
    "replacement": 24,
    "note": 20,
}
GROUP_LABEL = "实施基本情况"
GROUPED = ("requiring_department", "issuing_authority")


def neutralise(value: str) -> str:
    """Prefix one apostrophe to text a spreadsheet could take for a formula."""
    return "'" + value if _FORMULA.match(value) else value


def _labels(list_kind: str) -> dict[str, str]:
    """Chinese column headings; the retained list's alternative is "替代方式", not "取消后…"."""
    labels = dict(FIELD_LABELS)
    if list_kind == RETAINED:
        labels["replacement"] = "替代方式"
    return labels


def _columns() -> tuple[str, ...]:
    return ("seq", *ITEM_FIELDS)


def _seq(item: dict, index: int) -> str:
    return str(item.get("seq") or index)


def _text(item: dict, key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def publication_line(version: dict | None) -> str:
    """文号 · 发布机关 · 发布日期 · 施行日期 · 版本号 of a version, as an export's title row."""
    if not version:
        return "版本号：未发布"
    parts = [
        f"{label}：{value}"
        for label, value in (
            ("文号", version.get("doc_number")),
            ("发布机关", version.get("issuer")),
            ("发布日期", clock.chinese_date(version.get("issued_on"))),
            ("施行日期", clock.chinese_date(version.get("effective_on"))),
        )
        if value
    ]
    return "　".join([*parts, f"版本号：{version['number']}"])


def _publication_json(version: dict | None) -> dict | None:
    if not version:
        return None
    keys = ("number", "doc_number", "issuer", "issued_on", "effective_on", "effective_at")
    return {k: version.get(k) for k in keys}


def export_csv(items: list[dict], list_kind: str, *, publication: dict | None = None) -> bytes:
    """UTF-8 with BOM (so Excel detects the encoding), CRLF lines, Chinese header row; with a
    published version's details, a title row and a details row above it (as the .xlsx has;
    the importer finds the header below them)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if publication:
        writer.writerow([f"平湖市{LIST_LABELS[list_kind]}"])
        writer.writerow([f"{publication_line(publication)}　共 {len(items)} 项"])
    labels = _labels(list_kind)
    writer.writerow([labels[c] for c in _columns()])
    for index, item in enumerate(items, start=1):
        cells = [_seq(item, index)] + [_text(item, f) for f in ITEM_FIELDS]
        writer.writerow([neutralise(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")


def export_json(
    items: list[dict],
    list_kind: str,
    *,
    version: int | None = None,
    publication: dict | None = None,
) -> bytes:
    """The items as given (all their keys), with the list, version, the version's official
    details and the export time (Beijing time, with its offset)."""
    body = {
        "list": list_kind,
        "title": LIST_LABELS[list_kind],
        "version": version,
        "publication": _publication_json(publication),
        "exported_at": clock.iso_beijing(clock.utcnow()),
        "count": len(items),
        "items": items,
    }
    return json.dumps(body, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def export_xlsx(
    items: list[dict],
    list_kind: str,
    *,
    version: int | None = None,
    publication: dict | None = None,
) -> bytes:
    """The published layout: merged title, the version's details (文号, 发布机关, dates), the
    two-level header (实施基本情况), data. Dates are Pinghu's (Beijing time)."""
    columns, labels = _columns(), _labels(list_kind)
    last = get_column_letter(len(columns))
    book = Workbook()
    ws = book.active
    ws.title = LIST_LABELS[list_kind]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    ws["A1"] = f"平湖市{LIST_LABELS[list_kind]}"
    ws["A1"].font, ws["A1"].alignment = Font(size=16, bold=True), center
    ws.merge_cells(f"A1:{last}1")
    details = publication_line(
        publication or ({"number": version} if version is not None else None)
    )
    ws["A2"] = f"{details}　导出日期：{clock.today().isoformat()}　共 {len(items)} 项"
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A2:{last}2")
    for col, key in enumerate(columns, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = _WIDTHS[key]
        for row in (3, 4):
            ws.cell(row, col).border, ws.cell(row, col).alignment = box, center
            ws.cell(row, col).font = Font(bold=True)
        if key in GROUPED:
            ws.cell(4, col, labels[key])
        else:
            ws.cell(3, col, labels[key])
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    first = columns.index(GROUPED[0]) + 1
    ws.cell(3, first, GROUP_LABEL)
    ws.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + 1)
    ws.freeze_panes = "C5"

    for index, item in enumerate(items, start=1):
        seq = _seq(item, index)
        values: list[object] = [int(seq) if seq.isdigit() and len(seq) < 10 else seq]
        values += [_text(item, f) for f in ITEM_FIELDS]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(index + 4, col)
            cell.value = neutralise(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text looks like
            cell.border, cell.alignment = box, wrap
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = ("xlsx", "csv", "json")


def export(
    items: list[dict], list_kind: str, fmt: str, version: int, publication: dict | None = None
) -> tuple[bytes, str]:
    """A list in one of FORMATS and the file name people see (平湖市取消证明材料清单-v3.xlsx);
    `publication` is the version's dict (its official details go into the file)."""
    stem = f"平湖市{LIST_LABELS[list_kind]}-v{version}"
    if fmt == "csv":
        return export_csv(items, list_kind, publication=publication), f"{stem}.csv"
    if fmt == "json":
        body = export_json(items, list_kind, version=version, publication=publication)
        return body, f"{stem}.json"
    body = export_xlsx(items, list_kind, version=version, publication=publication)
    return body, f"{stem}.xlsx"
