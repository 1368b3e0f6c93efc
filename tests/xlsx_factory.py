"""Build real .xlsx files the way offices make them by hand, for the importer and exporter tests.

``write_xlsx`` writes any rows and merged ranges; ``official_list`` builds the typical published
layout (title row, preamble, two-level header with 实施基本情况 merged over 索要单位 | 开具单位).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.cell_range import CellRange

TITLE = "平湖市取消证明材料清单"
PREAMBLE = "填报单位：平湖市司法局（盖章）　　填报日期：2024年3月1日"
# Header row 3 and row 4 of the two-level layout; None cells are covered by merges.
HEADER_TOP = [
    "序号",
    "证明名称",
    "办理事项",
    "实施基本情况",
    None,
    "设定依据",
    "取消后办理方式",
    "备注",
]
HEADER_SUB = [None, None, None, "索要单位", "开具单位", None, None, None]
HEADER_MERGES = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4"]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    merges: Iterable[str] = (),
    *,
    title: str = "Sheet1",
    before: Sequence[tuple[str, list]] = (),
) -> Path:
    """Write ``rows`` from A1 with ``merges`` ("A1:H1"); ``before`` adds sheets in front."""
    book = Workbook()
    first = book.active
    for name, other_rows in before:
        sheet = book.create_sheet(name, 0) if first is None else first
        sheet.title = name
        for cells in other_rows:
            sheet.append(list(cells))
        first = None
    ws = book.active if first is not None else book.create_sheet(title)
    ws.title = title
    for cells in rows:
        ws.append(list(cells))
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


def official_list(
    path: Path, data: Sequence[Sequence[object]], *, merges: Iterable[str] = (), title: str = TITLE
) -> Path:
    """The published layout: title and preamble merged over A:H, two-level header, then ``data``.

    Data rows start at spreadsheet row 5; ``merges`` are extra ranges (e.g. "B5:B7").
    """
    rows = [[title], [PREAMBLE], HEADER_TOP, HEADER_SUB, *data]
    return write_xlsx(path, rows, ["A1:H1", "A2:H2", *HEADER_MERGES, *merges])


def item_row(n: int, name: str = "亲属关系证明", matter: str = "居住证办理") -> list[object]:
    """A plausible data row for the official layout (序号 stored as a number)."""
    return [
        n,
        name,
        matter,
        "市公安局",
        "村（居）委会",
        "《居住证暂行条例》第十二条",
        "告知承诺",
        "",
    ]


def rows_of(items: Iterable[dict], *, renumber: bool = False) -> list[list[object]]:
    """Items (store dicts) as data rows of the official layout; 序号 as published or 1, 2, …"""
    return [
        [
            n if renumber else item["seq"],
            item["name"],
            item["matter"],
            item["requiring_department"],
            item["issuing_authority"],
            item["basis"],
            item["replacement"],
            item["note"],
        ]
        for n, item in enumerate(items, 1)
    ]


def big_official_list(path: Path, rows: int, *, names_merged_by: int = 3) -> Path:
    """A large list written in streaming mode: every name merged over ``names_merged_by`` rows.

    openpyxl's normal mode (and ``merged_cells.add``) is quadratic in merges, so the ranges are put
    straight into the range set; the result is an ordinary .xlsx with thousands of merges.
    """
    book = Workbook(write_only=True)
    ws = book.create_sheet("清单")
    for cells in ([TITLE], [PREAMBLE], HEADER_TOP, HEADER_SUB):
        ws.append(cells)
    merges = ["A1:H1", "A2:H2", *HEADER_MERGES]
    for i in range(rows):
        first = i % names_merged_by == 0
        ws.append(
            [
                i + 1,
                f"证明{i // names_merged_by}" if first else None,
                f"事项{i}",
                "市公安局",
                "村（居）委会",
                "《条例》第十二条\n第二款",
                "告知承诺",
                "",
            ]
        )
        if first and names_merged_by > 1:
            last = min(i + names_merged_by, rows) + 4
            merges.append(f"B{i + 5}:B{last}")
    for ref in merges:
        ws.merged_cells.ranges.add(CellRange(ref))
    book.save(path)
    return path
