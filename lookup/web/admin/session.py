"""Signing in and out of the office pages, and changing one's own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lookup.core.errors import LookupServiceError
from lookup.lists.db import get_session
from lookup.office import accounts, audit, backoff
from lookup.office.audit import Actor
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp
from lookup.web.forms import ActionForm, LoginForm, PasswordForm

# Failures allowed before delays start: per account from one address, and per address for
# every account together (one address trying many names).
PAIR_FREE, ADDRESS_FREE = 3, 20
WRONG = "用户名或密码不正确。"


def _throttled(seconds: int) -> str:
    wait = f"{seconds} 秒" if seconds < 120 else f"{-(-seconds // 60)} 分钟"
    return f"登录失败次数较多，请 {wait}后再试。"


def _keys(name: str) -> tuple[str, str]:
    address = auth.remote_addr()
    return f"signin:pair:{name.lower()}:{address}", f"signin:addr:{address}"


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Sign in with name and password; failed tries of a name from an address slow down."""
    form = LoginForm()
    target = auth.safe_next(request.args.get("next"), url_for(".dashboard"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target)
    status, error, retry = 200, None, 0
    if form.validate_on_submit():
        name = form.name.data.strip()
        pair, address = _keys(name)
        retry = max(backoff.remaining(pair, PAIR_FREE), backoff.remaining(address, ADDRESS_FREE))
        user = None if retry else accounts.authenticate(get_session(), name, form.password.data)
        if user is not None:
            backoff.clear(pair)
            auth.sign_in(user)
            audit.record("login", "登录成功", actor=Actor(user.name, auth.remote_addr()))
            if user.must_change_password:
                return redirect(url_for(".password", next=target))
            return redirect(target)
        if not retry:
            backoff.failed(pair)
            backoff.failed(address)
        status, error = (429, _throttled(retry)) if retry else (200, WRONG)
        audit.record(
            "login_throttled" if retry else "login_failed",
            f"用户名：{name[:100]}",
            actor=Actor("", auth.remote_addr()),
        )
    elif request.method == "POST":
        status = 400
    page = render_template("admin/login.html", form=form, error=error)
    return (page, status, {"Retry-After": str(retry)}) if retry else (page, status)


@bp.post("/logout")
def logout():
    """Sign out (POST with a CSRF token, so a link elsewhere cannot sign anyone out)."""
    if ActionForm().validate_on_submit():
        audit.record("logout", "退出登录", actor=actor())
        auth.sign_out()
    return redirect(url_for(".login"))


@bp.route("/password", methods=("GET", "POST"))
def password():
    """Change one's own password (required after a reset); other sessions end, this one
    starts afresh."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        session = get_session()
        try:
            user = accounts.change_own_password(
                session, current_user.id, form.current.data, form.new.data
            )
        except LookupServiceError as exc:
            field = form.current if exc.code == "wrong_password" else form.new
            field.errors = [*field.errors, exc.message]
            status = 422
        else:
            audit.record("password_change", "修改了自己的密码", actor=actor())
            auth.sign_in(user)
            flash("密码已修改，其他设备上的登录已退出。", "ok")
            return redirect(auth.safe_next(request.args.get("next"), url_for(".dashboard")))
    elif request.method == "POST":
        status = 400
    return render_template("admin/password.html", form=form), status
