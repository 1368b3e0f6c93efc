"""The importer's report: problems tied to a spreadsheet row and column, and the result object.

Everything a person reads here is Simplified Chinese; codes are stable English identifiers that
callers (CLI, admin pages, tests) can match on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lookup.core.errors import ImportFileError
from lookup.core.fields import FIELD_LABELS

__all__ = ["ERROR", "INFO", "WARNING", "ImportFileError", "ImportResult", "Problem"]

ERROR = "error"  # blocks the import
WARNING = "warning"  # to check before publishing (counted on the review page)
INFO = "info"  # what the importer did with a row that is not an item (section, totals)


@dataclass
class Problem:
    """One finding about the file, located by real spreadsheet row (1-based) and column.

    ``column`` is an Excel letter ("C") for .xlsx files and the header text for .csv files;
    ``field`` (optional) names the item field so the message can show its Chinese label.
    """

    row: int | None
    column: str | None
    level: str
    code: str
    message: str
    field: str | None = None

    def location(self) -> str:
        """Where the problem is, e.g. "第 12 行 B 列（证明名称）" or "第 3 行「用途说明」列"."""
        parts: list[str] = []
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            label = FIELD_LABELS.get(self.field or "", "")
            if self.column.isascii() and self.column.isalpha() and self.column.isupper():
                parts.append(f"{self.column} 列" + (f"（{label}）" if label else ""))
            else:
                parts.append(f"「{self.column}」列")
        return " ".join(parts).replace(" 「", "「")

    def __str__(self) -> str:
        where = self.location()
        return f"{where}：{self.message}" if where else self.message


@dataclass
class ImportResult:
    """What ``read_table`` found: clean rows plus every problem, never a partial silent drop."""

    list_kind: str
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header_rows: tuple[int, int] = (0, 0)
    columns: dict[str, str] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook, in order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing blocks the import (warnings are allowed)."""
        return not self.errors

    def add(
        self,
        level: str,
        code: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(Problem(row, column, level, code, message, field))
