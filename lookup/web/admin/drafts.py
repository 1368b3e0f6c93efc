"""Office pages for changes: upload a list, review a draft, choose its scope, publish it with
its official details (at once or from a 施行日期), or discard it."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, url_for

from lookup.core.errors import BadRequest, ImportFileError, LookupServiceError
from lookup.lists.db import get_session
from lookup.office import drafts, guards, jobs, publication, workflow
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import DiscardForm, PublishForm, ScopeForm, UploadForm


def _app():
    return current_app._get_current_object()


@bp.route("/upload", methods=("GET", "POST"))
def upload():
    """Upload an official list (or one department's rows); every problem is kept in a draft."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/upload.html", form=form), 400 if form.errors else 200
    storage = form.file.data
    filename = (storage.filename or "上传文件")[:300]
    try:
        draft_id = workflow.upload(
            _app(),
            storage.read(),
            form.list_kind.data,
            filename,
            actor(),
            sheet=(form.sheet.data or "").strip() or None,
        )
    except ImportFileError as exc:
        form.file.errors = [*form.file.errors, exc.message]
        return render_template("admin/upload.html", form=form), 400
    return redirect(url_for(".draft", draft_id=draft_id))


def _page(draft_id: int, publish_form: PublishForm | None = None, status: int = 200):
    session = get_session()
    row = drafts.get(session, draft_id, rows=True)
    share = float(current_app.config["REMOVAL_CONFIRM_SHARE"])
    page = render_template(
        "admin/draft.html",
        draft=row,
        job=jobs.state(session, row),
        review=drafts.review(session, row, share),
        publish_form=publish_form or PublishForm(formdata=None),
        scope_form=ScopeForm(formdata=None),
        discard_form=DiscardForm(formdata=None),
    )
    return page, status


@bp.get("/drafts/<int:draft_id>")
def draft(draft_id: int):
    """Review a draft: rows read, every problem, the column mapping, its scope, and the
    changes against the newest version."""
    return _page(draft_id)


@bp.get("/drafts/<int:draft_id>/status")
def draft_status(draft_id: int):
    """The progress of a draft's publish, polled by admin.js."""
    session = get_session()
    return jsonify(jobs.state(session, drafts.get(session, draft_id)))


@bp.post("/drafts/<int:draft_id>/scope")
def draft_scope(draft_id: int):
    """Choose what the draft replaces: the whole list, or one department's items."""
    form = ScopeForm()
    if not form.validate_on_submit():
        flash("页面已过期，请刷新后重试。", "error")
        return redirect(url_for(".draft", draft_id=draft_id))
    try:
        workflow.set_department(_app(), draft_id, form.department.data, actor=actor())
    except LookupServiceError as exc:
        if exc.status == 404:
            raise
        return refused(exc, ".draft", draft_id=draft_id)
    return redirect(url_for(".draft", draft_id=draft_id))


@bp.post("/drafts/<int:draft_id>/publish")
@auth.role_required("publisher")
def publish_draft(draft_id: int):
    """Start publishing a clean draft in the background; the page then shows progress.
    Problems with the details or an unconfirmed removal show the form again, as typed."""
    form = PublishForm()
    if not form.validate_on_submit():
        flash("发布信息有误，请按提示修改。", "error")
        return _page(draft_id, form, 400)
    get_session().rollback()  # end this request's read transaction before the job writes
    try:
        workflow.publish_draft(
            _app(),
            draft_id,
            note=form.note.data or "",
            actor=actor(),
            background=True,
            details=publication.details(**form.details()),
            confirm_removals=form.confirm_removals.data,
        )
    except (BadRequest, guards.RemovalsUnconfirmed) as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return _page(draft_id, form, exc.status)
    except LookupServiceError as exc:
        if exc.status == 404:
            raise
        return refused(exc, ".draft", draft_id=draft_id)
    return redirect(url_for(".draft", draft_id=draft_id))


@bp.post("/drafts/<int:draft_id>/discard")
@auth.role_required("publisher")
def discard(draft_id: int):
    """Discard an open draft after a confirmation; nothing is published."""
    if not DiscardForm().validate_on_submit():
        flash("请勾选“我确认放弃”后再放弃草稿。", "error")
        return redirect(url_for(".draft", draft_id=draft_id))
    try:
        workflow.discard(_app(), draft_id, actor=actor())
    except LookupServiceError as exc:
        if exc.status == 404:
            raise
        return refused(exc, ".draft", draft_id=draft_id)
    flash(f"已放弃草稿 {draft_id}。", "ok")
    return redirect(url_for(".dashboard"))


@bp.post("/drafts/discard")
@auth.role_required("publisher")
def discard_many():
    """Discard the drafts ticked on the dashboard, after a confirmation."""
    form = DiscardForm()
    if not form.validate_on_submit() or not form.drafts.data:
        flash("请勾选要放弃的草稿，并勾选“我确认放弃”。", "error")
        return redirect(url_for(".dashboard"))
    done = workflow.discard_many(_app(), form.drafts.data, actor=actor())
    flash(f"已放弃 {len(done)} 份草稿。", "ok")
    return redirect(url_for(".dashboard"))
