"""The audit log page: every entry in Chinese, filtered, and downloaded as .xlsx or .csv."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import render_template, request

from lookup.core import clock
from lookup.office import audit, tables
from lookup.web.admin.blueprint import actor, bp

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
MAX_TEXT = 100


def _day(name: str, problems: list[str]) -> date | None:
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text[:20])
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        problems.append("日期应为 2000 年至 2100 年间的 年-月-日，例如 2026-11-20；已忽略。")
        return None
    return day


def _filters() -> tuple[audit.Filters, list[str]]:
    """The filters in the query string; wrong ones are ignored and said in Chinese."""
    problems: list[str] = []
    args = request.args
    channel = args.get("channel", "")
    since, until = _day("since", problems), _day("until", problems)
    if since and until and until < since:
        problems.append("结束日期不能早于开始日期；已忽略日期。")
        since = until = None
    filters = audit.Filters(
        action=(args.get("action") or "")[:50],
        user=(args.get("user") or "").strip()[:MAX_TEXT],
        channel=channel if channel in audit.CHANNELS else "",
        since=since,
        until=until,
        text=(args.get("q") or "").strip()[:MAX_TEXT],
    )
    return filters, problems


def _args(filters: audit.Filters) -> dict:
    """The filters as query-string arguments (for paging and downloads)."""
    values = {
        "action": filters.action,
        "user": filters.user,
        "channel": filters.channel,
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
        "q": filters.text,
    }
    return {k: v for k, v in values.items() if v}


@bp.get("/audit")
def audit_log():
    """The audit log, newest first, filtered by action, person, channel, days and words."""
    filters, problems = _filters()
    number = request.args.get("page", "1")
    data = audit.search(filters, int(number) if number.isdigit() and len(number) < 7 else 1)
    return render_template(
        "admin/audit.html",
        **data,
        filters=filters,
        args=_args(filters),
        problems=problems,
        actions=audit.actions_seen(),
        channels=audit.CHANNELS,
    )


@bp.get("/audit/export")
def audit_export():
    """The filtered entries as .xlsx (default) or .csv, formula-safe; the download is audited."""
    filters, _problems = _filters()
    fmt = request.args.get("format", "xlsx")
    fmt = fmt if fmt in tables.FORMATS else "xlsx"
    rows = audit.export_rows(filters)
    stamp = clock.beijing(clock.utcnow(), "%Y%m%d-%H%M")
    note = f"导出时间：{clock.beijing(clock.utcnow())}（北京时间）　共 {len(rows)} 条"
    body, mime = tables.export(fmt, "操作记录", audit.EXPORT_HEADER, rows, note)
    audit.record("audit_export", f"导出操作记录 {len(rows)} 条（{fmt}）", actor=actor())
    name = quote(f"操作记录-{stamp}.{fmt}")
    return (
        body,
        200,
        {
            "Content-Type": mime,
            "Content-Disposition": f'attachment; filename="audit-{stamp}.{fmt}"; '
            f"filename*=UTF-8''{name}",
        },
    )
