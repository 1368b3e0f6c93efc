"""Office pages for reply templates: list, add, change and delete them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from lookup.core.errors import LookupServiceError
from lookup.office import reply_templates
from lookup.office.report_rules import ReportInvalid
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.case_forms import TemplateForm
from lookup.web.forms import ActionForm


def _save(form: TemplateForm, template_id: int | None):
    """Save the form's template; None when saved, else the status to show the form with."""
    try:
        reply_templates.save(
            template_id, form.kind.data, form.title.data, form.body.data, actor=actor()
        )
    except ReportInvalid as exc:
        field = form[exc.field]  # kind, title or body: every one is on the form
        field.errors = [*field.errors, exc.message]
        return 422
    return None


@bp.route("/reports/templates", methods=("GET", "POST"))
def reply_templates_page():
    """Every reply template, and the form to add one."""
    form = TemplateForm()
    status = 200
    if form.validate_on_submit():
        status = _save(form, None)
        if status is None:
            flash(f"已添加模板“{form.title.data.strip()}”。", "ok")
            return redirect(url_for(".reply_templates_page"))
    elif form.errors:
        status = 400
    return render_template(
        "admin/reply_templates.html",
        templates=reply_templates.all_templates(),
        form=form,
        delete_form=ActionForm(),
        placeholders=reply_templates.PLACEHOLDERS,
    ), status


@bp.route("/reports/templates/<int:template_id>", methods=("GET", "POST"))
def reply_template(template_id: int):
    """Change one template."""
    try:
        template = reply_templates.get(template_id)
    except LookupServiceError as exc:
        return refused(exc, ".reply_templates_page")
    form = TemplateForm(data=template)
    status = 200
    if form.validate_on_submit():
        status = _save(form, template_id)
        if status is None:
            flash(f"已保存模板“{form.title.data.strip()}”。", "ok")
            return redirect(url_for(".reply_templates_page"))
    elif form.errors:
        status = 400
    return render_template(
        "admin/reply_template.html",
        template=template,
        form=form,
        placeholders=reply_templates.PLACEHOLDERS,
    ), status


@bp.post("/reports/templates/<int:template_id>/delete")
def delete_reply_template(template_id: int):
    """Delete one template."""
    if not ActionForm().validate_on_submit():
        flash("页面已过期，请刷新后重试。", "error")
        return redirect(url_for(".reply_templates_page"))
    try:
        reply_templates.delete(template_id, actor=actor())
    except LookupServiceError as exc:
        return refused(exc, ".reply_templates_page")
    flash("模板已删除。", "ok")
    return redirect(url_for(".reply_templates_page"))
