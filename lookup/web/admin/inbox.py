"""Office pages for residents' reports: the inbox of cases and one case with its next steps.

A case is forwarded to a department of the lists, answered or declined (`lookup.office.
report_cases`); a reply template fills the answer or the reason for the clerk to edit. Opening
the inbox also erases the contacts whose retention has run out.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from lookup.core.errors import LookupServiceError
from lookup.office import reply_templates, report_cases, reports
from lookup.office.report_rules import ReportInvalid
from lookup.office.reports import FILTER_LABELS, FILTERS
from lookup.web.admin.blueprint import actor, bp
from lookup.web.case_forms import AnswerForm, ForwardForm, RejectForm

PER_PAGE = 50
STEPS = {"forward": ForwardForm, "answer": AnswerForm, "reject": RejectForm}


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and len(page) < 7 else 1


@bp.app_context_processor
def case_context() -> dict:
    """`case_summary()` for the office's pages (the dashboard shows the counts)."""
    return {"case_summary": reports.summary} if request.blueprint == "admin" else {}


@bp.get("/reports")
def reports_inbox():
    """Residents' reports, newest first, by state or overdue; counts per item and department."""
    reports.erase_expired()
    status = request.args.get("status") or None
    status = status if status in FILTERS else None
    data = reports.list_reports(status=status, page=_page_arg(), per_page=PER_PAGE)
    pages = max(1, -(-data["total"] // PER_PAGE))
    return render_template(
        "admin/reports.html",
        **data,
        pages=pages,
        status=status,
        labels=FILTER_LABELS,
        by_item=reports.counts_by_item(),
        by_department=reports.counts_by_department(),
    )


def _forms(case: dict) -> dict:
    """Empty step forms (not filled from the request); a template chosen by GET fills one."""
    forms = {name: cls(formdata=None) for name, cls in STEPS.items()}
    chosen = request.args.get("template", "")
    if request.method == "GET" and chosen.isdigit() and len(chosen) < 10:
        try:
            template = reply_templates.get(int(chosen))
        except LookupServiceError:
            flash("找不到这个答复模板，可能已被删除。", "warn")
        else:
            text = reply_templates.fill(template["body"], case)
            if template["kind"] == "answer":
                forms["answer"].reply.data = text
            else:
                forms["reject"].reason.data = text
    return forms


def _render(report_id: int, posted: dict | None = None, status: int = 200):
    """The case page; `posted` holds the form just sent (with its errors) in place of a new one."""
    case = reports.get(report_id)
    if case is None:
        abort(404)
    forms = {**_forms(case), **(posted or {})}
    forms["forward"].department.choices = [
        ("", "请选择部门"),
        *((d, d) for d in report_cases.departments()),
    ]
    return render_template(
        "admin/report_detail.html",
        report=case,
        history=report_cases.history(report_id),
        forms=forms,
        templates=reply_templates.all_templates(),
    ), status


@bp.get("/reports/<int:report_id>")
def report_detail(report_id: int):
    """One case: what the resident wrote, its history, and the next steps while it is open."""
    return _render(report_id)


def _take_step(report_id: int, step: str, form) -> tuple[dict, str]:
    if step == "forward":
        case = report_cases.forward(report_id, form.department.data, form.note.data, actor=actor())
        return case, f"反映 {case['case_number']} 已转办至{case['department']}。"
    if step == "answer":
        case = report_cases.answer(report_id, form.reply.data, actor=actor())
        return case, f"反映 {case['case_number']} 已答复。"
    case = report_cases.reject(report_id, form.reason.data, actor=actor())
    return case, f"反映 {case['case_number']} 已标记为不予受理。"


@bp.post("/reports/<int:report_id>/<any(forward, answer, reject):step>")
def report_step(report_id: int, step: str):
    """Forward, answer or decline a case; a wrong field is shown on the case's page."""
    form = STEPS[step]()
    if not form.validate_on_submit():
        form.form_errors.append("页面已过期，请刷新后重试。")
        return _render(report_id, {step: form}, 400)
    try:
        _case, message = _take_step(report_id, step, form)
    except ReportInvalid as exc:
        if exc.field in form:
            form[exc.field].errors = [*form[exc.field].errors, exc.message]
        else:
            form.form_errors.append(exc.message)
        return _render(report_id, {step: form}, 422)
    except LookupServiceError as exc:  # unknown case (404), closed or changed meanwhile (409)
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for(".report_detail", report_id=report_id))
    flash(message, "ok")
    return redirect(url_for(".report_detail", report_id=report_id))
