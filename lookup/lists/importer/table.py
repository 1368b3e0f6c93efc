"""Find the header under the title and preamble rows, and map every column to a field.

The header row is the row among the first ``HEADER_SCAN_ROWS`` that names the most distinct
known fields (ties: the earliest). Two-level headers are understood: when the next row holds known
headings under a horizontally merged group cell (``实施基本情况`` over ``索要单位 | 开具单位``) or
under a blank/unknown cell, it is the second header level; a heading merged vertically over both
rows counts once. Data begins below the lowest header cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lookup.lists.importer.grid import HEADER_SCAN_ROWS, Grid
from lookup.lists.importer.headers import (
    IGNORE,
    VARIANTS,
    header_key,
    match_header,
    resolve,
    score_row,
)
from lookup.lists.importer.normalise import normalise

_NAME_KEYS = {header_key(v) for v in VARIANTS["name"]}


@dataclass
class Layout:
    """Where the header is (1-based rows) and what each 1-based column holds."""

    header_rows: tuple[int, int]
    data_start: int
    fields: dict[int, str] = field(default_factory=dict)  # column -> field (incl. "seq")
    headers: dict[int, str] = field(default_factory=dict)  # column -> header text as shown
    unknown: list[int] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    preamble: str = ""


def _texts(cells: list[object]) -> list[str]:
    return [normalise(c) for c in cells]


def find_header_row(rows: list[list[object]]) -> int | None:
    """1-based index of the header row among the first rows, or None when there is none.

    A row needs two known headings; a lone exact ``证明名称``-style heading also qualifies.
    """
    best, best_score = None, 0
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        score, _has_name = score_row(_texts(cells))
        if score >= 2 and score > best_score:
            best, best_score = index, score
    if best is None:
        for index, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
            if any(header_key(c) in _NAME_KEYS for c in _texts(cells)):
                return index
    return best


def _is_sub_header(grid: Grid, r: int, horizontal: set[int]) -> bool:
    """Is row r+1 the second level of a two-level header starting at row r?

    It holds short headings under merged group cells (``实施基本情况``), or known headings under
    blank/unknown cells; it must not look like data: under a known top heading that is not a
    merged group (and always under the name heading) it is blank or the same merged cell.
    """
    found = False
    for col in range(1, grid.width + 1):
        sub = normalise(grid.value(r + 1, col))
        top = normalise(grid.value(r, col))
        if not sub or sub == top:
            continue
        top_field = match_header(top)
        if len(sub) > 20 or top_field == "name" or (top_field and col not in horizontal):
            return False
        found = found or col in horizontal or match_header(sub) is not None
    return found


def build_layout(grid: Grid, r: int, column_map: dict[str, str] | None) -> Layout:
    """Work out the header rows and the column → field mapping; ``grid`` has merges filled."""
    horizontal = {
        c
        for m in grid.merges
        if m.min_row <= r <= m.max_row and m.width > 1
        for c in range(m.min_col, m.max_col + 1)
    }
    two_level = _is_sub_header(grid, r, horizontal)
    last = r + 1 if two_level else r
    for m in grid.merges:
        if m.min_row <= last and m.max_row > last and m.min_row >= r:
            last = m.max_row
    preamble = " ".join(t for cells in grid.rows[: r - 1] for t in _texts(cells) if t)
    layout = Layout((r, last), last + 1, preamble=preamble)
    for col in range(1, grid.width + 1):
        top = normalise(grid.value(r, col))
        sub = normalise(grid.value(r + 1, col)) if two_level else ""
        sub = "" if sub == top else sub
        shown = f"{top}/{sub}" if top and sub else (sub or top)
        target = None
        for text in (shown, sub, top):
            if text and (target := resolve(text, column_map)):
                break
        if target == IGNORE:
            layout.ignored.append(col)
        elif target:
            layout.fields[col] = target
            layout.headers[col] = sub if sub and resolve(sub, column_map) == target else top
        elif shown:
            layout.unknown.append(col)
            layout.headers[col] = shown
    return layout


def skip_numbering_row(grid: Grid, layout: Layout) -> None:
    """Skip a "1 2 3 4 …" column-numbering row directly under the header, if there is one."""
    texts = (
        [t for t in _texts(grid.rows[layout.data_start - 1]) if t]
        if (layout.data_start <= len(grid.rows))
        else []
    )
    if len(texts) >= 3 and texts == [str(n) for n in range(1, len(texts) + 1)]:
        layout.data_start += 1
