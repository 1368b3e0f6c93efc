"""Office accounts: add one, switch one off or on (publishers only)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from lookup.core.errors import LookupServiceError
from lookup.lists.db import get_session
from lookup.office import accounts, audit
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import ActionForm, UserForm


@bp.route("/users", methods=("GET", "POST"))
@auth.role_required("publisher")
def users():
    """Office accounts: add one, or switch one off."""
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        try:
            accounts.create_user(session, name, form.role.data, form.password.data)
        except LookupServiceError as exc:
            session.rollback()
            form.name.errors = [*form.name.errors, exc.message]
        else:
            audit.record("user_add", f"添加用户 {name}（{form.role.data}）", actor=actor())
            flash(f"已添加用户 {name}。", "ok")
            return redirect(url_for(".users"))
    return render_template(
        "admin/users.html", form=form, users=accounts.list_users(session), toggle=ActionForm()
    )


@bp.post("/users/<int:user_id>/toggle")
@auth.role_required("publisher")
def toggle_user(user_id: int):
    """Switch an account off (its sessions end at once) or on again."""
    if not ActionForm().validate_on_submit():
        flash("页面已过期，请刷新后重试。", "error")
        return redirect(url_for(".users"))
    try:
        user = accounts.toggle_active(get_session(), user_id, current_user.id)
    except LookupServiceError as exc:
        return refused(exc, ".users")
    state = "启用" if user["active"] else "停用"
    audit.record("user_toggle", f"{state}用户 {user['name']}", actor=actor())
    return redirect(url_for(".users"))
