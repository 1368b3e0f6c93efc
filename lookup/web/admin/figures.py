"""The monthly figure of residents' reports per department: a page with charts, and downloads."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import render_template, request

from lookup.core import clock
from lookup.office import audit, report_figures, tables
from lookup.web import charts
from lookup.web.admin.blueprint import actor, bp

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month(text: str | None) -> tuple[int, int, str | None]:
    """The asked-for month (`2026-11`) or this month, with a Chinese message when wrong."""
    today = clock.today()
    match = _MONTH.fullmatch((text or "").strip()) if text else None
    if text and not match:
        return today.year, today.month, "月份应写成 年-月，例如 2026-11；已显示本月。"
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return year, month, None
        return today.year, today.month, "月份应在 2000-01 至 2100-12 之间；已显示本月。"
    return today.year, today.month, None


def _charts(figure: dict) -> list[dict]:
    departments = figure["departments"]
    made = []
    for title, rows, head in (
        ("收到的反映（按部门）", [(d["department"], d["received"]) for d in departments], "部门"),
        (
            "按时答复（按部门）",
            [(d["department"], d["answered_in_time"]) for d in departments if d["answered"]],
            "部门",
        ),
        ("仍被索要最多的证明", figure["certificates"], "证明"),
    ):
        made.append(
            {
                "title": title,
                "svg": charts.bar_chart(title, rows, unit="件"),
                "rows": rows,
                "head": head,
            }
        )
    return made


@bp.get("/reports/figures")
def monthly_figures():
    """Reports received, forwarded, answered in time, and the certificates still demanded."""
    year, month, problem = _month(request.args.get("month"))
    figure = report_figures.monthly(year, month)
    return render_template(
        "admin/report_figures.html", figure=figure, charts=_charts(figure), problem=problem
    )


@bp.get("/reports/figures/export")
def monthly_figures_export():
    """The month's figure as .xlsx (default) or .csv, formula-safe."""
    year, month, _problem = _month(request.args.get("month"))
    fmt = request.args.get("format", "xlsx")
    fmt = fmt if fmt in tables.FORMATS else "xlsx"
    figure = report_figures.monthly(year, month)
    title = f"群众反映月度统计 {figure['month']}"
    note = f"统计月份：{figure['label']}（北京时间）　导出时间：{clock.beijing(clock.utcnow())}"
    body, mime = tables.export(
        fmt, title, report_figures.HEADER, report_figures.export_rows(figure), note
    )
    audit.record("figures_export", f"导出 {figure['label']} 月度统计（{fmt}）", actor=actor())
    name = quote(f"{title}.{fmt}")
    return (
        body,
        200,
        {
            "Content-Type": mime,
            "Content-Disposition": f'attachment; filename="figures-{figure["month"]}.{fmt}"; '
            f"filename*=UTF-8''{name}",
        },
    )
