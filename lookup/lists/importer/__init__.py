"""Read an official list spreadsheet (.xlsx or .csv) into clean rows and a row-level report.

``read_table`` is the only entry point. It never changes anything: the caller (CLI, admin pages)
decides what to do with ``ImportResult.rows`` once ``ImportResult.ok`` is true. Problems with a
row or column carry the real spreadsheet row number and the Excel column letter (header text for
.csv), so a person can find the cell. Layout quirks handled are listed in the sub-modules:
``source`` (format by content), ``xlsx`` (fast reading, merges), ``table`` (header rows),
``headers`` (heading variants), ``rows`` (data rows) and ``normalise`` (cell text).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from lookup.core.fields import FIELD_LABELS, ITEM_FIELDS, LISTS
from lookup.lists.importer.csvfile import read_csv
from lookup.lists.importer.grid import Grid
from lookup.lists.importer.headers import IGNORE, expected_headers
from lookup.lists.importer.htmlfile import is_html, read_html
from lookup.lists.importer.problems import ERROR, WARNING, ImportFileError, ImportResult, Problem
from lookup.lists.importer.rows import read_rows
from lookup.lists.importer.source import XLSX, decode_text, load_bytes, sniff
from lookup.lists.importer.table import build_layout, find_header_row, skip_numbering_row
from lookup.lists.importer.xlsx import read_xlsx

__all__ = ["ImportFileError", "ImportResult", "Problem", "read_table"]


def _no_header(filename: str | None) -> ImportFileError:
    where = f"「{filename}」" if filename else "文件"
    return ImportFileError(
        f"{where}中找不到表头行（在前 15 行中查找）。应有的表头包括：{expected_headers()}；"
        "至少需要「证明名称」列。"
    )


def _has_header(top: list[list[object]]) -> bool:
    return find_header_row(top) is not None


def _grid(data: bytes, filename: str | None, sheet: str | None) -> Grid:
    if sniff(data) == XLSX:
        grid = read_xlsx(data, _has_header, sheet)
    else:
        text = decode_text(data)
        grid = read_html(text, _has_header) if is_html(text) else read_csv(text)
        if grid is not None and not any(any(str(c).strip() for c in r) for r in grid.rows):
            raise ImportFileError("文件是空的，没有任何内容。")
    if grid is None or find_header_row(grid.rows) is None:
        raise _no_header(filename)
    return grid


def _check_columns(result: ImportResult, grid: Grid, layout, list_kind: str) -> None:
    """Report unknown and missing columns and signs that the file is the other list."""
    for col in layout.unknown:
        header = layout.headers[col]
        result.unknown_columns.append(header)
        result.add(
            WARNING,
            "unknown_column",
            f"无法识别的表头「{header}」，该列未导入；如需导入，请指定它对应的字段",
            row=layout.header_rows[0],
            column=grid.label(col, header),
        )
    fields = set(layout.fields.values())
    if "name" not in fields:
        result.add(
            ERROR,
            "missing_column",
            f"缺少「{FIELD_LABELS['name']}」列（也可写作“证明事项名称”“证明材料名称”）",
            row=layout.header_rows[0],
            field="name",
        )
    replacement = [layout.headers[c] for c, f in layout.fields.items() if f == "replacement"]
    if list_kind == "abolished" and not replacement:
        result.add(
            WARNING,
            "list_kind_mismatch",
            "按取消清单导入，但文件没有「取消后办理方式」列；请确认这不是保留清单",
        )
    if (
        list_kind == "retained"
        and any("取消" in h for h in replacement)
        or (list_kind == "retained" and "取消证明" in layout.preamble)
    ):
        result.add(
            WARNING,
            "list_kind_mismatch",
            "按保留清单导入，但文件看起来是取消清单（有“取消”字样的表头或标题）；请确认清单类型",
        )
    if list_kind == "abolished" and "保留证明" in layout.preamble:
        result.add(
            WARNING, "list_kind_mismatch", "按取消清单导入，但文件标题是保留清单；请确认清单类型"
        )


def read_table(
    source: str | os.PathLike | bytes,
    list_kind: str,
    *,
    filename: str | None = None,
    column_map: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Read ``source`` (path or bytes) as the complete content of list ``list_kind``.

    ``column_map`` maps header text (spaces and line breaks ignored) to a field name or "ignore";
    ``progress(rows_done)`` is called every 1000 data rows; ``sheet`` names the sheet of a
    workbook to read (default: the first with a header; the others are mentioned). Raises
    ``ImportFileError`` when the file as a whole cannot be read; everything else is reported in
    ``ImportResult.problems``.
    """
    if list_kind not in LISTS:
        raise ValueError(f"unknown list kind: {list_kind!r}")
    for target in (column_map or {}).values():
        if target not in (*ITEM_FIELDS, "seq", IGNORE):
            raise ValueError(f"column_map target must be a field or 'ignore', not {target!r}")
    grid = _grid(load_bytes(source), filename, sheet)
    header_row = find_header_row(grid.rows)
    grid.fill_merges()
    layout = build_layout(grid, header_row, column_map)
    skip_numbering_row(grid, layout)
    result = ImportResult(list_kind, header_rows=layout.header_rows, sheet=grid.name)
    result.sheets = list(grid.sheets)
    result.columns = {grid.label(c, layout.headers[c]): f for c, f in layout.fields.items()}
    for other in (s for s in grid.sheets if s != grid.name):
        result.add(
            WARNING,
            "other_sheet",
            f"工作簿中的工作表「{other}」也像一份清单，本次只读取了「{grid.name}」；"
            f"如需导入「{other}」，请上传时选择该工作表",
        )
    _check_columns(result, grid, layout, list_kind)
    if any(p.code == "missing_column" for p in result.problems):
        return result
    read_rows(grid, layout, result, progress)
    return result
