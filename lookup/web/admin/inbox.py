"""Office pages for residents' reports (the inbox) and for what residents search and miss."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lookup.office import insights, reports
from lookup.office.reports import CHINA, STATUS_LABELS, STATUSES, ReportInvalid
from lookup.web.admin.blueprint import bp
from lookup.web.forms import ReportStatusForm

PER_PAGE = 50
DEFAULT_DAYS = 7
MAX_DAYS = 366
TABLE_ROWS = 100
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and len(page) < 7 else 1


@bp.get("/reports")
def reports_inbox():
    """Residents' reports, newest first, by status; counts per item and per department."""
    status = request.args.get("status") or None
    status = status if status in STATUSES else None
    data = reports.list_reports(status=status, page=_page_arg(), per_page=PER_PAGE)
    pages = max(1, -(-data["total"] // PER_PAGE))
    return render_template(
        "admin/reports.html",
        **data,
        pages=pages,
        status=status,
        labels=STATUS_LABELS,
        by_item=reports.counts_by_item(),
        by_department=reports.counts_by_department(),
    )


@bp.route("/reports/<int:report_id>", methods=("GET", "POST"))
def report_detail(report_id: int):
    """One report, with the form to change its status and write the office's reply."""
    report = reports.get(report_id)
    if report is None:
        abort(404)
    form = ReportStatusForm(data=report if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        try:
            # set_status writes its own audit entry (action "report_status").
            reports.set_status(report_id, form.status.data, form.reply.data, current_user.name)
        except ReportInvalid as exc:
            field = form.reply if exc.field == "reply" else form.status
            field.errors = [*field.errors, exc.message]
            status = 422
        else:
            flash(f"反映 {report_id} 已更新为“{STATUS_LABELS[form.status.data]}”。", "ok")
            return redirect(url_for(".report_detail", report_id=report_id))
    elif request.method == "POST":
        status = 400
    return render_template("admin/report_detail.html", report=report, form=form), status


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
    today = datetime.now(CHINA).date()
    default = (today - timedelta(days=DEFAULT_DAYS - 1), today)
    try:
        since = _day(args.get("since"), default[0])
        until = _day(args.get("until"), today)
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
    start = datetime.combine(since, time(), CHINA)
    end = datetime.combine(until + timedelta(days=1), time(), CHINA)
    insights.flush_all()
    return render_template(
        "admin/insights.html",
        since=since,
        until=until,
        problem=problem,
        top=insights.top_queries(start, end, TABLE_ROWS),
        failed=insights.failed_queries(start, end, TABLE_ROWS),
    ), 200
