"""Turn the data rows under the header into item dicts, reporting every problem by row and column.

* Blank rows (and rows holding only a 序号) are skipped silently, wherever they are.
* A section heading inside the table – one text merged across most columns, or a lone cell
  such as ``一、市公安局`` / ``（二）市民政局`` – is skipped; when the file has no 索要单位
  column, its text (without the numbering) becomes the ``requiring_department`` of the rows
  below it (only then: with the column present a heading may be a category, not an office).
  A merged line starting with 注/说明/备注 under the table is skipped with a warning.
* Several columns mapped to basis/matter/replacement/note are joined with "；"; a second column
  for any other field is reported once and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lookup.core.fields import ITEM_FIELDS
from lookup.lists.importer.grid import Grid
from lookup.lists.importer.normalise import normalise
from lookup.lists.importer.problems import ERROR, WARNING, ImportResult
from lookup.lists.importer.table import Layout

MAX_CELL_CHARS = 2000
JOINED_FIELDS = frozenset({"matter", "basis", "replacement", "note"})
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十百]+[)）])\s*"
)
_FOOTNOTE = re.compile(r"^(?:注|说明|备注|附注)\s*[:：\d]")
_DUP_FIELDS = ("name", "matter", "requiring_department", "issuing_authority")


def _section(texts: list[str], wide_merge: bool) -> str | None:
    """The heading text when the row is a section heading or footnote, else None."""
    filled = [t for t in texts if t]
    if not filled:
        return None
    if wide_merge and len(set(filled)) == 1:
        return filled[0]
    if len(filled) == 1 and _NUMBERED.match(filled[0]) and len(filled[0]) <= 40:
        return filled[0]
    return None


def _columns_by_field(grid: Grid, layout: Layout, result: ImportResult) -> dict[str, list[int]]:
    """The columns of each field; a second column of a field that is not joined is reported
    once and ignored."""
    cols_by_field: dict[str, list[int]] = {}
    for col, name in sorted(layout.fields.items()):
        cols_by_field.setdefault(name, []).append(col)
    for name, cols in cols_by_field.items():
        if len(cols) > 1 and name not in JOINED_FIELDS:
            for col in cols[1:]:
                result.add(
                    WARNING,
                    "duplicate_column",
                    f"又一个「{layout.headers[col]}」列，已忽略，只读取第一个",
                    row=layout.header_rows[0],
                    column=grid.label(col, layout.headers[col]),
                    field=name,
                )
            cols_by_field[name] = cols[:1]
    return cols_by_field


def read_rows(
    grid: Grid, layout: Layout, result: ImportResult, progress: Callable[[int], None] | None = None
) -> None:
    """Fill ``result.rows`` / ``result.problems`` from the data rows of an already-filled grid."""
    cols_by_field = _columns_by_field(grid, layout, result)
    table_cols = sorted(layout.fields) + layout.unknown
    wide = grid.wide_merge_rows(max(2, (len(table_cols) + 1) // 2))
    name_col = cols_by_field.get("name", [None])[0]
    has_department = "requiring_department" in cols_by_field
    known = set(layout.fields) | set(layout.ignored)
    unlabelled: set[int] = set()
    section, seen, done = "", {}, 0
    for number in range(layout.data_start, len(grid.rows) + 1):
        done += 1
        if progress and done % 1000 == 0:
            progress(done)
        raw = grid.rows[number - 1]
        texts = [normalise(v) for v in raw]
        if not any(texts):
            continue
        heading = _section(texts, number in wide)
        if heading is not None:
            if _FOOTNOTE.match(heading):
                result.add(
                    WARNING, "skipped_note", f"表格中的说明文字已跳过：{heading[:40]}", row=number
                )
            else:
                section = _NUMBERED.sub("", heading)
            continue
        row = _one_row(grid, layout, result, number, raw, cols_by_field)
        other = [c for c, t in enumerate(texts, start=1) if t and c not in known]
        unlabelled.update(c for c in other if c not in layout.unknown)
        if not row["name"] and not other and not any(row[f] for f in ITEM_FIELDS):
            continue  # only a 序号 (or only ignored columns): an unused template row
        result.rows_read += 1
        if not has_department and section and not row["requiring_department"]:
            row["requiring_department"] = section
        if not row["name"]:
            column = grid.label(name_col, layout.headers.get(name_col, "")) if name_col else None
            result.add(
                ERROR, "missing_name", "证明名称为空", row=number, column=column, field="name"
            )
            continue
        if row.pop("_error"):
            continue
        _note_duplicate(result, row, number, seen)
        result.rows.append(row)
    if progress and done % 1000:
        progress(done)
    for col in sorted(unlabelled):
        result.add(
            WARNING,
            "unlabelled_column",
            "该列没有表头但有内容，内容未导入；请补上表头",
            row=layout.header_rows[0],
            column=grid.label(col),
        )


def _note_duplicate(result: ImportResult, row: dict, number: int, seen: dict) -> None:
    """A row equal to an earlier one in name, matter and both departments is reported."""
    key = tuple(row[f] for f in _DUP_FIELDS)
    if key in seen:
        result.add(
            WARNING,
            "duplicate_row",
            f"与第 {seen[key]} 行重复（证明名称、办理事项、索要单位、开具单位均相同）",
            row=number,
        )
    else:
        seen[key] = number


def _one_row(
    grid: Grid,
    layout: Layout,
    result: ImportResult,
    number: int,
    raw: list[object],
    cols_by_field: dict[str, list[int]],
) -> dict:
    """One item dict (plus an ``_error`` flag) from a non-empty data row."""
    row: dict = {"seq": "", **dict.fromkeys(ITEM_FIELDS, ""), "row": number, "_error": False}
    for name, cols in cols_by_field.items():
        parts = []
        for col in cols:
            text = normalise(raw[col - 1], name) if col <= len(raw) else ""
            if len(text) > MAX_CELL_CHARS:
                result.add(
                    ERROR,
                    "too_long",
                    f"内容过长（{len(text)} 字，上限 {MAX_CELL_CHARS} 字），请检查是否粘贴有误",
                    row=number,
                    column=grid.label(col, layout.headers[col]),
                    field=name,
                )
                row["_error"] = True
            if text and text not in parts:
                parts.append(text)
        row[name] = "；".join(parts)
    return row
