"""Office accounts: add one, switch one off or on (publishers only)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from lookup.core.errors import LookupServiceError
from lookup.lists.db import get_session
from lookup.office import accounts, audit
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused
from lookup.web.forms import ActionForm, ResetPasswordForm, UserForm


@bp.route("/users", methods=("GET", "POST"))
@auth.role_required("publisher")
def users():
    """Office accounts: add one, or switch one off."""
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        try:
            accounts.create_user(
                session, name, form.role.data, form.password.data, must_change=True
            )
        except LookupServiceError as exc:
            session.rollback()
            form.name.errors = [*form.name.errors, exc.message]
        else:
            audit.record("user_add", f"添加用户 {name}（{form.role.data}）", actor=actor())
            flash(f"已添加用户 {name}。", "ok")
            return redirect(url_for(".users"))
    return render_template(
        "admin/users.html",
        form=form,
        users=accounts.list_users(session),
        toggle=ActionForm(),
        reset=ResetPasswordForm(),
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


@bp.post("/users/<int:user_id>/password")
@auth.role_required("publisher")
def reset_password(user_id: int):
    """Set a temporary password for someone else: their sessions end, and they must choose
    their own at the next sign-in."""
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        flash("请填写临时密码（页面过期时请刷新后重试）。", "error")
        return redirect(url_for(".users"))
    session = get_session()
    target = next((u for u in accounts.list_users(session) if u["id"] == user_id), None)
    if target is None or user_id == current_user.id:
        flash("无法重置这个账号的密码（自己的密码请在“修改我的密码”中修改）。", "error")
        return redirect(url_for(".users"))
    try:
        accounts.reset_password(session, target["name"], form.password.data)
    except LookupServiceError as exc:
        return refused(exc, ".users")
    audit.record("password_reset", f"重置了用户 {target['name']} 的密码", actor=actor())
    flash(f"已重置 {target['name']} 的密码；对方下次登录时必须修改。", "ok")
    return redirect(url_for(".users"))
