"""Office pages for changes: upload a list, review a draft, publish or discard it."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, url_for

from lookup.core.errors import ImportFileError, LookupServiceError
from lookup.lists.db import get_session
from lookup.office import drafts, jobs, workflow
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import ActionForm, PublishForm, UploadForm


def _app():
    return current_app._get_current_object()


@bp.route("/upload", methods=("GET", "POST"))
def upload():
    """Upload a complete official list; every problem is kept in a draft for review."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/upload.html", form=form), 400 if form.errors else 200
    storage = form.file.data
    filename = (storage.filename or "上传文件")[:300]
    try:
        draft_id = workflow.upload(_app(), storage.read(), form.list_kind.data, filename, actor())
    except ImportFileError as exc:
        form.file.errors = [*form.file.errors, exc.message]
        return render_template("admin/upload.html", form=form), 400
    return redirect(url_for(".draft", draft_id=draft_id))


@bp.get("/drafts/<int:draft_id>")
def draft(draft_id: int):
    """Review a draft: rows read, every problem, and the changes against the published list."""
    session = get_session()
    row = drafts.get(session, draft_id, rows=True)
    return render_template(
        "admin/draft.html",
        draft=row,
        job=jobs.state(session, row),
        review=drafts.review(session, row),
        publish_form=PublishForm(),
        discard_form=ActionForm(),
    )


@bp.get("/drafts/<int:draft_id>/status")
def draft_status(draft_id: int):
    """The progress of a draft's publish, polled by admin.js."""
    session = get_session()
    return jsonify(jobs.state(session, drafts.get(session, draft_id)))


@bp.post("/drafts/<int:draft_id>/publish")
@auth.role_required("publisher")
def publish_draft(draft_id: int):
    """Start publishing a clean draft in the background; the page then shows progress."""
    form = PublishForm()
    if not form.validate_on_submit():
        flash("发布说明过长（不超过 500 字）。", "error")
        return redirect(url_for(".draft", draft_id=draft_id))
    get_session().rollback()  # end this request's read transaction before the job writes
    try:
        workflow.publish_draft(
            _app(), draft_id, note=form.note.data or "", actor=actor(), background=True
        )
    except LookupServiceError as exc:
        if exc.status == 404:
            raise
        return refused(exc, ".draft", draft_id=draft_id)
    return redirect(url_for(".draft", draft_id=draft_id))


@bp.post("/drafts/<int:draft_id>/discard")
@auth.role_required("publisher")
def discard(draft_id: int):
    """Discard an open draft; nothing is published."""
    if not ActionForm().validate_on_submit():
        flash("页面已过期，请刷新后重试。", "error")
        return redirect(url_for(".draft", draft_id=draft_id))
    try:
        workflow.discard(_app(), draft_id, actor=actor())
    except LookupServiceError as exc:
        if exc.status == 404:
            raise
        return refused(exc, ".draft", draft_id=draft_id)
    flash(f"已放弃草稿 {draft_id}。", "ok")
    return redirect(url_for(".dashboard"))
