"""Read .csv text into a ``Grid`` (no merges; columns are named by their header text)."""

from __future__ import annotations

import csv
import io

from lookup.lists.importer.grid import MAX_ROWS, Grid
from lookup.lists.importer.problems import ImportFileError


def _delimiter(text: str) -> str:
    """Comma, unless the first lines only split into columns by tab or semicolon.

    (Excel's "Unicode text" export uses tabs, some regional settings use semicolons.)
    """
    sample = text[:16384].splitlines()[:20]
    for delimiter in (",", "\t", ";"):
        try:
            if any(len(r) >= 3 for r in csv.reader(sample, delimiter=delimiter)):
                return delimiter
        except csv.Error:
            continue
    return ","


def read_csv(text: str) -> Grid:
    """All rows of the text, trailing empty cells trimmed; refuses more than ``MAX_ROWS`` rows."""
    rows: list[list[object]] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            while cells and not cells[-1].strip():
                cells.pop()
            rows.append(list(cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(
                    f"表格超过 {MAX_ROWS} 行，超出一次导入的上限，请拆分后再导入。"
                )
    except csv.Error as exc:
        raise ImportFileError(f"CSV 文件格式有误，无法读取：{exc}") from exc
    return Grid("CSV", rows, [], letters=False)
