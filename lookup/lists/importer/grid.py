"""The neutral in-memory form of one sheet, shared by the .xlsx and .csv readers.

A ``Grid`` is the raw cell values row by row (row 0 is spreadsheet row 1) plus the merged ranges,
so header detection and row reading do not care where the table came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 15


@dataclass
class Merge:
    """A merged range, 1-based and inclusive, as in Excel's ``A1:C3``."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def width(self) -> int:
        return self.max_col - self.min_col + 1


@dataclass
class Grid:
    """Raw values of one sheet; ``letters`` says whether columns are named A, B, C (xlsx)."""

    name: str
    rows: list[list[object]]
    merges: list[Merge] = field(default_factory=list)
    letters: bool = True
    # 1-based (row, col) of formula cells saved without a computed value (read as empty)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    sheets: list[str] = field(default_factory=list)  # every sheet (or table) of the file

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> object:
        """Value at 1-based (row, col), None outside the data."""
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    def fill_merges(self) -> None:
        """Copy each merged range's top-left value into every cell it covers.

        Real lists merge a certificate name vertically over the rows of its several matters; after
        filling, each row carries its own complete values.
        """
        width = max([self.width] + [m.max_col for m in self.merges])
        for m in self.merges:
            top = self.value(m.min_row, m.min_col)
            for r in range(m.min_row, min(m.max_row, len(self.rows)) + 1):
                cells = self.rows[r - 1]
                if len(cells) < width:
                    cells.extend([None] * (width - len(cells)))
                for c in range(m.min_col, m.max_col + 1):
                    cells[c - 1] = top

    def wide_merge_rows(self, min_width: int) -> dict[int, Merge]:
        """Rows that begin a horizontal merge at least ``min_width`` columns wide."""
        return {
            m.min_row: m for m in self.merges if m.width >= min_width and m.min_row == m.max_row
        }

    def label(self, col: int, header: str = "") -> str:
        """How a column is named in problems: its letter, or for csv its header text."""
        if self.letters:
            return get_column_letter(col)
        return header or f"第 {col} 列"
