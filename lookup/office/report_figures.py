"""The monthly figure the office reports upward, per department.

For one calendar month (Beijing time): reports received, forwarded, answered (and of those
answered by their due date), not accepted, and the certificates residents were most often still
asked for. A case counts under the department it was forwarded to; before that, under the
requiring department of the list item it names; otherwise under 未确定部门.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time

from sqlalchemy import or_, select

from lookup.core import clock
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import Report, ReportEvent

UNKNOWN = "未确定部门"
COUNTS = ("received", "forwarded", "answered", "answered_in_time", "rejected")
HEADER = (
    "部门",
    "收到反映",
    "转办",
    "答复",
    "其中按时答复",
    "按时答复率",
    "不予受理",
    "仍被索要最多的证明",
)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first and next month's first instant (Beijing), as stored naive UTC."""
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    return tuple(  # type: ignore[return-value]
        clock.as_utc(datetime.combine(d, time(), clock.BEIJING)).replace(tzinfo=None)
        for d in (first, after)
    )


def _beijing_day(moment: datetime) -> date:
    return clock.as_utc(moment).astimezone(clock.BEIJING).date()


class _Items:
    """Item names and requiring departments, looked up once per item."""

    def __init__(self) -> None:
        self.seen: dict[str, dict | None] = {}

    def get(self, item_id: str) -> dict | None:
        if item_id not in self.seen:
            self.seen[item_id] = store.get_item(item_id) or store.last_seen(item_id)
        return self.seen[item_id]

    def department(self, row: Report) -> str:
        item = self.get(row.item_id) if row.item_id else None
        return row.department or (item or {}).get("requiring_department") or UNKNOWN

    def certificate(self, row: Report) -> str:
        item = self.get(row.item_id) if row.item_id else None
        return item["name"] if item else row.certificate


def _rate(answered_in_time: int, answered: int) -> str:
    return f"{answered_in_time / answered:.0%}" if answered else "—"


def monthly(year: int, month: int, top: int = 3) -> dict:
    """The figure for one month: `{"month", "label", "departments", "totals", "certificates"}`.

    Long because it walks the month's cases once and counts everything on the way.
    """
    start, end = month_bounds(year, month)
    session = get_session()
    items = _Items()
    counts: dict[str, Counter] = defaultdict(Counter)
    demanded: dict[str, Counter] = defaultdict(Counter)
    overall: Counter = Counter()
    rows = session.scalars(
        select(Report).where(
            or_(
                (Report.created_at >= start) & (Report.created_at < end),
                (Report.closed_at >= start) & (Report.closed_at < end),
            )
        )
    )
    for row in rows:
        department = items.department(row)
        if start <= row.created_at < end:
            counts[department]["received"] += 1
            name = items.certificate(row)
            demanded[department][name] += 1
            overall[name] += 1
        if row.closed_at is not None and start <= row.closed_at < end:
            counts[department][row.status] += 1
            on_time = row.due_on is not None and _beijing_day(row.closed_at) <= row.due_on
            if row.status == "answered" and on_time:
                counts[department]["answered_in_time"] += 1
    forwards = session.execute(
        select(ReportEvent.department).where(
            ReportEvent.action == "forwarded", ReportEvent.at >= start, ReportEvent.at < end
        )
    )
    for (department,) in forwards:
        counts[department or UNKNOWN]["forwarded"] += 1
    departments = [
        {
            "department": name,
            **{key: counts[name][key] for key in COUNTS},
            "rate": _rate(counts[name]["answered_in_time"], counts[name]["answered"]),
            "certificates": demanded[name].most_common(top),
        }
        for name in counts
    ]
    departments.sort(key=lambda d: (-d["received"], -d["forwarded"], d["department"]))
    totals = {key: sum(d[key] for d in departments) for key in COUNTS}
    totals["rate"] = _rate(totals["answered_in_time"], totals["answered"])
    return {
        "month": f"{year:04d}-{month:02d}",
        "label": f"{year} 年 {month} 月",
        "departments": departments,
        "totals": totals,
        "certificates": overall.most_common(10),
    }


def export_rows(figure: dict) -> list[list]:
    """The figure as rows under HEADER, the totals last."""
    rows = []
    for d in [*figure["departments"], {"department": "合计", **figure["totals"]}]:
        names = "、".join(f"{name}（{n}）" for name, n in d.get("certificates", ()))
        rows.append(
            [
                d["department"],
                d["received"],
                d["forwarded"],
                d["answered"],
                d["answered_in_time"],
                d["rate"],
                d["rejected"],
                names,
            ]
        )
    return rows
