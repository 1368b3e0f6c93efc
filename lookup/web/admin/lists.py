"""The office's overview: the dashboard and the published versions with rollback and
withdrawal."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from lookup.core.errors import LookupServiceError
from lookup.core.fields import LISTS
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.office import jobs, workflow
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import DiscardForm, RollbackForm, UploadForm, WithdrawForm


@bp.get("/")
def dashboard():
    """Current and announced versions, open drafts (bulk discard) and what to do next."""
    session = get_session()
    current = store.current_version(session)
    return render_template(
        "admin/dashboard.html",
        current=[store.version_info(current, session)] if current else [],
        scheduled=store.scheduled_versions(session),
        drafts=[d for d in jobs.open_drafts(session) if d.list in LISTS],
        form=UploadForm(),
        discard_form=DiscardForm(formdata=None),
    )


@bp.get("/versions")
def versions():
    """Every version (announced and withdrawn ones too), with rollback and withdrawal."""
    session = get_session()
    return render_template(
        "admin/versions.html",
        versions=store.versions(session, withdrawn=True),
        latest=store.latest_version(session),
        form=RollbackForm(formdata=None),
        withdraw_form=WithdrawForm(formdata=None),
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
    lists = LISTS if form.lists.data in (None, "", "both") else (form.lists.data,)
    try:
        draft_id, _ = workflow.roll_back(
            current_app._get_current_object(),
            form.version.data,
            actor=actor(),
            background=True,
            lists=lists,
        )
    except LookupServiceError as exc:
        return refused(exc, ".versions")
    return redirect(url_for(".draft", draft_id=draft_id))


@bp.post("/versions/withdraw")
@auth.role_required("publisher")
def withdraw():
    """Take the newest version out of public view (announced, or erroneous and current)."""
    form = WithdrawForm()
    if not form.validate_on_submit():
        problems = [e for f in (form.reason, form.confirm, form.version) for e in f.errors]
        flash("".join(problems) or "页面已过期，请刷新后重试。", "error")
        return redirect(url_for(".versions"))
    try:
        done = workflow.withdraw(
            current_app._get_current_object(),
            form.version.data,
            reason=form.reason.data,
            actor=actor(),
        )
    except LookupServiceError as exc:
        return refused(exc, ".versions")
    flash(f"已撤回第 {form.version.data} 版；现行清单为第 {done['current']} 版。", "ok")
    return redirect(url_for(".versions"))

