"""Signing in and out of the office pages."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from lookup.lists.db import get_session
from lookup.office import accounts, audit, ratelimit
from lookup.office.audit import Actor
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp
from lookup.web.forms import ActionForm, LoginForm

NAME_LIMIT, ADDR_LIMIT, WINDOW = 5, 20, 15 * 60
THROTTLED = "登录尝试过于频繁，请 15 分钟后再试。"


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Sign in with name and password; failures are throttled per name and per address."""
    form = LoginForm()
    target = auth.safe_next(request.args.get("next"), url_for(".dashboard"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target)
    status, error = 200, None
    if form.validate_on_submit():
        name = form.name.data.strip()
        name_key, addr_key = f"login:name:{name.lower()}", f"login:addr:{auth.remote_addr()}"
        within = ratelimit.allow(name_key, NAME_LIMIT, WINDOW)
        within = ratelimit.allow(addr_key, ADDR_LIMIT, WINDOW) and within
        user = accounts.authenticate(get_session(), name, form.password.data) if within else None
        if user is not None:
            ratelimit.reset(name_key)
            auth.sign_in(user)
            audit.record("login", "登录成功", actor=Actor(user.name, auth.remote_addr()))
            return redirect(target)
        status, error = (200, "用户名或密码不正确。") if within else (429, THROTTLED)
        audit.record(
            "login_failed" if within else "login_throttled",
            f"用户名：{name[:100]}",
            actor=Actor("", auth.remote_addr()),
        )
    elif request.method == "POST":
        status = 400
    return render_template("admin/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Sign out (POST with a CSRF token, so a link elsewhere cannot sign anyone out)."""
    if ActionForm().validate_on_submit():
        audit.record("logout", "退出登录", actor=actor())
        logout_user()
    return redirect(url_for(".login"))
