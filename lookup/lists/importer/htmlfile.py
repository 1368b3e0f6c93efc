"""Read an HTML table saved with an Excel name (".xls" exported by many web systems) as a grid.

Such a file is a web page holding a ``<table>``; Excel opens it as if it were a workbook, so
offices pass it on as one. Its cells are read in order, ``colspan``/``rowspan`` become merged
ranges (so two-level headers and merged names work as in a workbook), ``<br>`` becomes a line
break, and the first table whose top rows hold a header is the list. An Excel 2003 XML
spreadsheet (also saved as .xls) is refused with what to do instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from lookup.lists.importer.grid import HEADER_SCAN_ROWS, MAX_ROWS, Grid, Merge
from lookup.lists.importer.problems import ImportFileError

_HTML = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|meta|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_XML_SPREADSHEET = "urn:schemas-microsoft-com:office:spreadsheet"
MAX_SPAN = 1000


def is_html(text: str) -> bool:
    """Is this text a web page holding a table (rather than CSV)?"""
    head = text[:4096]
    if head.lstrip().startswith("<?xml") and _XML_SPREADSHEET in text[:20000]:
        raise ImportFileError(
            "这是 Excel 2003 XML 表格（另存为 .xls 的网页格式），无法直接读取；"
            "请在 Excel 中“另存为” .xlsx 后再导入。"
        )
    return bool(_HTML.match(head)) and "<table" in text.lower()


class _Tables(HTMLParser):
    """Collect every table as rows of (text, colspan, rowspan) cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth != 1:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            values = dict(attrs)
            self.cell = []
            self.span = (_number(values.get("colspan")), _number(values.get("rowspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self._close_cell()

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if not table:
            table.append([])
        text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", "".join(self.cell)).strip()
        table[-1].append((text, *self.span))
        self.cell = None

    def handle_data(self, data):
        if self.cell is not None and self.depth == 1:
            self.cell.append(re.sub(r"\s+", " ", data))


def _number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def _layout(table: list[list[tuple[str, int, int]]]) -> tuple[list[list[object]], list[Merge]]:
    """Place cells in a grid, skipping positions taken by the row spans above."""
    rows: list[list[object]] = []
    taken: set[tuple[int, int]] = set()
    merges: list[Merge] = []
    for r, cells in enumerate(table, start=1):
        row: list[object] = []
        col = 1
        for text, colspan, rowspan in cells:
            while (r, col) in taken:
                col += 1
            while len(row) < col - 1:
                row.append(None)
            row += [text] + [None] * (colspan - 1)
            if colspan > 1 or rowspan > 1:
                merges.append(Merge(r, col, r + rowspan - 1, col + colspan - 1))
                taken.update(
                    (rr, cc) for rr in range(r + 1, r + rowspan) for cc in range(col, col + colspan)
                )
            col += colspan
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"表格超过 {MAX_ROWS} 行，超出一次导入的上限，请拆分后再导入。")
    return rows, merges


def read_html(text: str, is_header: Callable[[list[list[object]]], bool]) -> Grid | None:
    """The first table with a recognisable header, as a grid with letters for columns."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if any(any(c[0] for c in row) for row in t)]
    if not tables:
        raise ImportFileError("这是一个网页文件（HTML），其中没有表格；请导入 .xlsx 或 .csv 文件。")
    for number, table in enumerate(tables, start=1):
        rows, merges = _layout(table)
        if is_header(rows[:HEADER_SCAN_ROWS]):
            return Grid(f"网页表格 {number}", rows, merges, letters=True)
    return None
