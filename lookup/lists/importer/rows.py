"""Turn the data rows under the header into item dicts, reporting every problem by row and column.

* Blank rows (and rows holding only a 序号) are skipped silently, wherever they are.
* A section heading inside the table – one text merged across most columns, or a lone cell
  such as ``一、市公安局（2项）`` / ``（二）市民政局`` – is skipped and reported; when the file
  has no 索要单位 column, its text (without the numbering and the count) becomes the
  ``requiring_department`` of the rows below it (only then: with the column present a heading
  may be a category, not an office). A merged line starting with 注/说明/备注 under the table
  is skipped with a warning.
* A totals row (合计/总计/小计/共计, "共 3 项") is skipped and reported, never read as an item.
* Two rows with the same name, matter and both departments are an error naming both rows.
* A formula saved without its computed value is an error saying so (not "证明名称为空").
* A retained item without 设定依据 or 开具单位 is a warning (the review page counts them).
* Several columns mapped to basis/matter/replacement/note are joined with "；"; a second column
  for any other field is reported once and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lookup.core.fields import FIELD_LABELS, ITEM_FIELDS, RETAINED
from lookup.lists.importer.grid import Grid
from lookup.lists.importer.normalise import normalise
from lookup.lists.importer.problems import ERROR, INFO, WARNING, ImportResult
from lookup.lists.importer.table import Layout

MAX_CELL_CHARS = 2000
JOINED_FIELDS = frozenset({"matter", "basis", "replacement", "note"})
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十百]+[)）])\s*"
)
_FOOTNOTE = re.compile(r"^(?:注|说明|备注|附注)\s*[:：\d]")
_COUNT = re.compile(r"\s*[(（]\s*(?:共\s*)?\d+\s*[项个条]\s*[)）]\s*$")
_TOTAL = re.compile(
    r"^(?:(?:合\s*计|总\s*计|小\s*计|共\s*计|总\s*数)\s*[:：]?\s*(?:\d+\s*[项个条]?)?"
    r"|共\s*\d+\s*[项个条])$"
)
FORMULA_MESSAGE = (
    "这个单元格是公式，但文件里没有保存计算结果（内容读出来是空的）；请在 Excel 中打开文件、"
    "把公式复制后“选择性粘贴为数值”，保存后重新上传"
)
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
    """Fill ``result.rows`` / ``result.problems`` from the data rows of an already-filled grid.

    Long because it is the one pass over the rows: blank, section, totals and data rows."""
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
        formulas = {c for r, c in grid.formulas if r == number} if grid.formulas else set()
        if not any(texts) and not formulas:
            continue
        if _is_total(texts, name_col):
            filled = " | ".join(t for t in texts if t)
            result.add(INFO, "totals_row", f"合计行，已跳过：{filled[:60]}", row=number)
            continue
        heading = _section(texts, number in wide)
        if heading is not None and not formulas:
            section = _heading(result, heading, number, has_department, section)
            continue
        row = _one_row(grid, layout, result, number, raw, cols_by_field)
        other = [c for c, t in enumerate(texts, start=1) if t and c not in known]
        unlabelled.update(c for c in other if c not in layout.unknown)
        if (
            not row["name"]
            and not other
            and not any(row[f] for f in ITEM_FIELDS)
            and not (formulas & known)
        ):
            continue  # only a 序号 (or only ignored columns): an unused template row
        result.rows_read += 1
        if not has_department and section and not row["requiring_department"]:
            row["requiring_department"] = section
        if not row["name"] and name_col not in formulas:
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
    if result.list_kind == RETAINED:
        _retained_warnings(result, grid, layout, cols_by_field)


def _heading(result: ImportResult, heading: str, number: int, has_department: bool, old: str):
    """Report a section heading (or a footnote); return the section it starts."""
    if _FOOTNOTE.match(heading):
        result.add(WARNING, "skipped_note", f"表格中的说明文字已跳过：{heading[:40]}", row=number)
        return old
    section = _COUNT.sub("", _NUMBERED.sub("", heading)).strip()
    used = f"，其下各行未填索要单位的按「{section}」填写" if not has_department else ""
    result.add(INFO, "section_row", f"分组标题「{heading[:40]}」，已跳过{used}", row=number)
    return section


def _is_total(texts: list[str], name_col: int | None) -> bool:
    """A totals row: its first cell or its name cell says 合计 / 共 3 项."""
    first = next((t for t in texts if t), "")
    name = texts[name_col - 1] if name_col and name_col <= len(texts) else ""
    return bool((first and _TOTAL.match(first)) or (name and _TOTAL.match(name)))


def _note_duplicate(result: ImportResult, row: dict, number: int, seen: dict) -> None:
    """A row equal to an earlier one in name, matter and both departments is an error."""
    key = tuple(row[f] for f in _DUP_FIELDS)
    if key in seen:
        result.add(
            ERROR,
            "duplicate_row",
            f"与第 {seen[key]} 行重复（证明名称、办理事项、索要单位、开具单位均相同）；"
            "请删去其中一行，或写明两者的区别",
            row=number,
        )
    else:
        seen[key] = number


def _retained_warnings(result: ImportResult, grid: Grid, layout: Layout, cols: dict) -> None:
    """A retained certificate must say on what basis it is required and who issues it: one
    warning per row without it, or one for the file when the column is missing altogether."""
    for field, code, message in (
        ("basis", "missing_basis", "保留的证明没有设定依据；请补上法律法规依据"),
        ("issuing_authority", "missing_issuer", "保留的证明没有开具单位；请写明到哪里开具"),
    ):
        col = cols.get(field, [None])[0]
        if col is None:
            if result.rows:
                result.add(
                    WARNING,
                    f"{code}_column",
                    f"文件没有「{FIELD_LABELS[field]}」列：保留的证明都应写明{FIELD_LABELS[field]}",
                    row=layout.header_rows[0],
                    field=field,
                )
            continue
        column = grid.label(col, layout.headers.get(col, ""))
        for row in result.rows:
            if not row[field]:
                result.add(WARNING, code, message, row=row["row"], column=column, field=field)


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
            if (number, col) in grid.formulas:
                result.add(
                    ERROR,
                    "formula_without_value",
                    FORMULA_MESSAGE,
                    row=number,
                    column=grid.label(col, layout.headers[col]),
                    field=name,
                )
                row["_error"] = True
                continue
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
