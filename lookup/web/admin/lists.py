"""The office's overview: the dashboard and the published versions with rollback."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from lookup.core.errors import LookupServiceError
from lookup.core.fields import LISTS
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.office import jobs, workflow
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import RollbackForm, UploadForm


@bp.get("/")
def dashboard():
    """Current version, open drafts and what the office can do next."""
    session = get_session()
    return render_template(
        "admin/dashboard.html",
        current=store.versions(session)[:1],
        drafts=[d for d in jobs.open_drafts(session) if d.list in LISTS],
        form=UploadForm(),
    )


@bp.get("/versions")
def versions():
    """Every published version, with rollback for publishers."""
    return render_template(
        "admin/versions.html", versions=store.versions(get_session()), form=RollbackForm()
    )


@bp.post("/versions/rollback")
@auth.role_required("publisher")
def rollback():
    """Publish an earlier version's content as a new version (runs in the background)."""
    form = RollbackForm()
    if not form.validate_on_submit():
        flash("请勾选确认后再回滚。", "error")
        return redirect(url_for(".versions"))
    get_session().rollback()  # end this request's read transaction before the job writes
    try:
        draft_id, _ = workflow.roll_back(
            current_app._get_current_object(), form.version.data, actor=actor(), background=True
        )
    except LookupServiceError as exc:
        return refused(exc, ".versions")
    return redirect(url_for(".draft", draft_id=draft_id))
