"""Read .xlsx workbooks fast and safely.

Values come from openpyxl in ``read_only`` mode (streaming, quick even for 35,000 rows), because
the normal mode builds every cell object and is slower on large sheets. ``read_only`` does not
expose merged cells, so the ``<mergeCell ref="A1:H1"/>`` tags are found separately in the sheet XML.
All XML parsing goes through defusedxml (openpyxl uses it automatically when it is installed –
keep ``defusedxml`` among the dependencies), so entity-expansion tricks in an upload are refused.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from lookup.lists.importer.grid import HEADER_SCAN_ROWS, MAX_ROWS, Grid, Merge
from lookup.lists.importer.problems import ImportFileError

MAX_UNCOMPRESSED = 400 * 1024 * 1024
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _check_archive(data: bytes) -> None:
    """Refuse zip files that are not workbooks or would inflate to an absurd size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(
            "文件已损坏，无法作为 Excel 表格（.xlsx）打开，请重新保存后再导入。"
        ) from exc
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ImportFileError("这是 Word 文档，不是 Excel 表格；请导入 .xlsx 或 .csv 文件。")
        raise ImportFileError(
            "这是一个压缩包，不是 Excel 表格（.xlsx）；请导入 .xlsx 或 .csv 文件。"
        )
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError("表格内容过大（解压后超过 400 MB），请拆分后再导入。")


def _merges(archive: zipfile.ZipFile, path: str) -> list[Merge]:
    """Merged ranges of one sheet, found in its XML without parsing the cell data again.

    Parsing the whole sheet a second time doubled the reading time of big lists, so the
    ``<mergeCell ref="…"/>`` tags are found by a pattern over the streamed bytes. That is safe
    for XML: a literal "<" cannot occur inside text or attribute values (they are escaped).
    """
    merges: list[Merge] = []
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            buffer = tail + chunk
            end = 0
            for match in _MERGE.finditer(buffer):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                merges.append(Merge(min_row, min_col, max_row, max_col))
                end = match.end()
            tail = buffer[max(end, len(buffer) - 512) :]
    return merges


def _trimmed(rows: Iterator[tuple], limit: int | None) -> list[list[object]]:
    out: list[list[object]] = []
    for values in rows:
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        out.append(cells)
        if limit is not None and len(out) > limit:
            raise ImportFileError(f"表格超过 {MAX_ROWS} 行，超出一次导入的上限，请拆分后再导入。")
    return out


def read_xlsx(data: bytes, is_header: Callable[[list[list[object]]], bool]) -> Grid | None:
    """The first sheet whose top rows contain a recognisable header (every sheet is checked).

    ``is_header`` looks at the first rows of a sheet and says whether a table header is there.
    Returns None when no sheet has one (the caller words that message); raises ImportFileError
    for a corrupt or empty workbook. Merged ranges are returned, not yet applied.
    """
    _check_archive(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on malformed parts
            raise ImportFileError(
                "文件已损坏，无法读取其中的工作表，请在 Excel 中另存为 .xlsx 后再导入。"
            ) from exc
        try:
            sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
            if not sheets:
                raise ImportFileError("工作簿中没有工作表。")
            for ws in sheets:
                ws.reset_dimensions()  # the stored dimension is often wrong in hand-made files
                top = _trimmed(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), None)
                if not any(top):
                    continue
                if is_header(top):
                    rows = _trimmed(ws.iter_rows(values_only=True), MAX_ROWS)
                    # private but stable in the pinned openpyxl 3.1.5: the open zip and the
                    # sheet's part name, so the merges come from the very same sheet
                    merges = _merges(book._archive, ws._worksheet_path)
                    return Grid(ws.title, rows, merges, letters=True)
            if all(
                not _trimmed(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), None)
                for ws in sheets
            ):
                raise ImportFileError("工作簿是空的，没有任何内容。")
            return None
        finally:
            book.close()
