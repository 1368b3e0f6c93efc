"""Server-rendered SVG bar charts: no front-end code, every label escaped, CSS classes only.

A chart is one horizontal bar per (label, count) row. The SVG carries a ``<title>`` and an
``aria-label``; templates put the same rows in a table beside it for people who prefer to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from lookup.core.fields import UNNAMED

WIDTH = 360  # viewBox units; the CSS caps the rendered width so text stays near 13px
LABEL_WIDTH = 140
ROW = 28
BAR = 18
PAD = 6
FONT = 13
MAX_LABEL = 9  # characters shown beside a bar; the table and the bar's <title> say it in full


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(title: str, rows: Sequence[tuple[str, int]], *, unit: str = "项") -> Markup:
    """An SVG bar chart of ``rows`` (label, count), longest bar = largest count."""
    rows = [(str(label or UNNAMED), int(n)) for label, n in rows]
    largest = max((n for _, n in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 44  # leave space for the count after the longest bar
    height = max(len(rows), 1) * ROW + PAD
    summary = "，".join(f"{label} {n} {unit}" for label, n in rows) or "没有数据"
    parts = [
        Markup(
            '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'role="img" aria-label="{a}" focusable="false"><title>{t}</title>'
        ).format(w=WIDTH, h=height, t=title, a=f"{title}：{summary}")
    ]
    for index, (label, n) in enumerate(rows):
        y = PAD + index * ROW
        width = max(round(room * n / largest), 2 if n else 0)
        parts.append(
            Markup(
                '<g class="chart-row"><title>{full}：{n} {unit}</title>'
                '<text class="chart-label" x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect class="chart-bar" x="{bx}" y="{y}" width="{bw}" '
                'height="{bh}" rx="3"></rect>'
                '<text class="chart-value" x="{vx}" y="{ty}">{n}</text></g>'
            ).format(
                full=label,
                n=n,
                unit=unit,
                lx=LABEL_WIDTH - 8,
                ty=y + BAR / 2 + FONT / 2 - 2,
                label=_short(label),
                bx=LABEL_WIDTH,
                y=y,
                bw=width,
                bh=BAR,
                vx=LABEL_WIDTH + width + 6,
            )
        )
    if not rows:
        parts.append(
            Markup('<text class="chart-label" x="{x}" y="{y}">没有数据</text>').format(
                x=LABEL_WIDTH, y=PAD + FONT
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def counts(values: Iterable[str]) -> list[tuple[str, int]]:
    """(value, count) pairs, most first, then by first appearance; empty values are 未注明."""
    tally: dict[str, int] = {}
    for value in values:
        key = value or UNNAMED
        tally[key] = tally.get(key, 0) + 1
    return sorted(tally.items(), key=lambda pair: -pair[1])
