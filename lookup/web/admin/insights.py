"""The office page of what residents search for and do not find (search insights)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import render_template, request

from lookup.core.clock import BEIJING, today
from lookup.office import insights
from lookup.web.admin.blueprint import bp

DEFAULT_DAYS = 7
MAX_DAYS = 366
TABLE_ROWS = 100
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _day(text: str | None, default: date) -> date:
    text = (text or "").strip()
    if not text:
        return default
    day = date.fromisoformat(text)
    if not EARLIEST <= day <= LATEST:  # far dates would overflow the conversion to UTC
        raise ValueError(text)
    return day


def _period(args) -> tuple[date, date, str | None]:
    """The asked-for days (inclusive) or the last week, with a Chinese message when wrong."""
    today_ = today()
    default = (today_ - timedelta(days=DEFAULT_DAYS - 1), today_)
    try:
        since = _day(args.get("since"), default[0])
        until = _day(args.get("until"), today_)
    except (TypeError, ValueError):
        return (
            *default,
            "日期应为 2000 年至 2100 年间的 年-月-日，例如 2026-11-20；已显示最近 7 天。",
        )
    if until < since:
        return *default, "结束日期不能早于开始日期；已显示最近 7 天。"
    if (until - since).days + 1 > MAX_DAYS:
        return *default, f"时间段最长 {MAX_DAYS} 天；已显示最近 7 天。"
    return since, until, None


@bp.get("/insights")
def search_insights():
    """What residents searched for in a period, and what they did not find."""
    since, until, problem = _period(request.args)
    start = datetime.combine(since, time(), BEIJING)
    end = datetime.combine(until + timedelta(days=1), time(), BEIJING)
    insights.flush_all()
    return render_template(
        "admin/insights.html",
        since=since,
        until=until,
        problem=problem,
        top=insights.top_queries(start, end, TABLE_ROWS),
        failed=insights.failed_queries(start, end, TABLE_ROWS),
    ), 200
