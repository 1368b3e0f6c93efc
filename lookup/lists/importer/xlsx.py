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
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_REF = re.compile(rb"\br=\"([A-Z]+[0-9]+)\"")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE_TAG = re.compile(rb"<(?:\w+:)?v>[^<]")  # a saved result (openpyxl writes <v />)


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


def _merges(archive: zipfile.ZipFile, path: str) -> tuple[list[Merge], bool]:
    """Merged ranges of one sheet, found in its XML without parsing the cell data again, and
    whether the sheet may hold formulas (then `_formulas_without_value` looks closer).

    Parsing the whole sheet a second time doubled the reading time of big lists, so the
    ``<mergeCell ref="…"/>`` tags are found by a pattern over the streamed bytes. That is safe
    for XML: a literal "<" cannot occur inside text or attribute values (they are escaped).
    """
    merges: list[Merge] = []
    tail = b""
    formulas = False
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            buffer = tail + chunk
            formulas = formulas or _FORMULA_TAG.search(buffer) is not None
            end = 0
            for match in _MERGE.finditer(buffer):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                merges.append(Merge(min_row, min_col, max_row, max_col))
                end = match.end()
            tail = buffer[max(end, len(buffer) - 512) :]
    return merges, formulas


def _formulas_without_value(archive: zipfile.ZipFile, path: str) -> set[tuple[int, int]]:
    """Cells holding a formula but no saved result (made by a program, never opened in Excel):
    ``data_only`` reads them as empty, which would say "证明名称为空" for a formula."""
    found: set[tuple[int, int]] = set()
    for match in _CELL.finditer(archive.read(path)):
        body = match.group(2)
        if _FORMULA_TAG.search(body) and not _VALUE_TAG.search(body):
            ref = _REF.search(match.group(1))
            if ref:
                min_col, min_row, _c, _r = range_boundaries(ref.group(1).decode())
                found.add((min_row, min_col))
    return found


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


def read_xlsx(
    data: bytes, is_header: Callable[[list[list[object]]], bool], sheet: str | None = None
) -> Grid | None:
    """The sheet named `sheet`, or else the first sheet whose top rows contain a recognisable
    header; `Grid.sheets` names every sheet that has one, so the caller can mention the others.

    ``is_header`` looks at the first rows of a sheet and says whether a table header is there.
    Returns None when no sheet has one (the caller words that message); raises ImportFileError
    for a corrupt or empty workbook or an unknown sheet name. Merged ranges are returned, not
    yet applied.
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
            return _pick_sheet(book, is_header, sheet)
        finally:
            book.close()


def _pick_sheet(book, is_header, wanted: str | None) -> Grid | None:
    sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
    if not sheets:
        raise ImportFileError("工作簿中没有工作表。")
    if wanted and wanted.strip() not in [ws.title.strip() for ws in sheets]:
        names = "、".join(f"「{ws.title}」" for ws in sheets)
        raise ImportFileError(f"工作簿中没有名为「{wanted}」的工作表；其中的工作表有：{names}。")
    listed, chosen, empty = [], None, True
    for ws in sheets:
        ws.reset_dimensions()  # the stored dimension is often wrong in hand-made files
        top = _trimmed(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), None)
        empty = empty and not any(top)
        if any(top) and is_header(top):
            listed.append(ws.title)
            if chosen is None and (not wanted or ws.title.strip() == wanted.strip()):
                chosen = ws
    if empty:
        raise ImportFileError("工作簿是空的，没有任何内容。")
    if chosen is None:
        return None
    rows = _trimmed(chosen.iter_rows(values_only=True), MAX_ROWS)
    # private but stable in the pinned openpyxl 3.1.5: the open zip and the sheet's part
    # name, so merges and formulas come from the very same sheet
    merges, maybe_formulas = _merges(book._archive, chosen._worksheet_path)
    formulas = (
        _formulas_without_value(book._archive, chosen._worksheet_path) if maybe_formulas else set()
    )
    return Grid(chosen.title, rows, merges, letters=True, formulas=formulas, sheets=listed)
