"""The office (司法局) pages: sign-in, dashboard, versions and rollback, audit log, users."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from .. import accounts, audit, auth, drafts, jobs, ratelimit, store
from ..db import get_session
from ..errors_base import LookupServiceError
from ..fields import LISTS
from ..forms import ActionForm, LoginForm, RollbackForm, UploadForm, UserForm
from ..models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")

NAME_LIMIT, ADDR_LIMIT, WINDOW = 5, 20, 15 * 60
THROTTLED = "登录尝试过于频繁，请 15 分钟后再试。"
PUBLIC_ENDPOINTS = {"admin.login"}


@bp.before_request
def require_login():
    """Every office page needs a signed-in user, except the login page itself."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return auth.login_manager.unauthorized()
    return None


@bp.after_request
def no_store(response):
    """Office pages are private: keep them out of shared caches and the back button."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def csrf_failed(_error):
    """A form without a valid token: a Chinese page, not a bare 400."""
    message = "页面已过期或无法确认请求来自本站，请返回刷新页面后重试。"
    page = render_template("errors/error.html", status=400, code="csrf_failed", message=message)
    return page, 400


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
            audit.record("login", "登录成功", user=user.name)
            return redirect(target)
        status, error = (200, "用户名或密码不正确。") if within else (429, THROTTLED)
        audit.record(
            "login_failed" if within else "login_throttled", f"用户名：{name[:100]}", user=""
        )
    elif request.method == "POST":
        status = 400
    return render_template("admin/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Sign out (POST with a CSRF token, so a link elsewhere cannot sign anyone out)."""
    if ActionForm().validate_on_submit():
        audit.record("logout", "退出登录")
        logout_user()
    return redirect(url_for(".login"))


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
    session = get_session()
    if not form.validate_on_submit():
        flash("请勾选确认后再回滚。", "error")
        return redirect(url_for(".versions"))
    number = form.version.data
    if store.version_info(number, session) is None or number == store.current_version(session):
        flash(f"版本 {number} 不存在或已是当前版本，无需回滚。", "error")
        return redirect(url_for(".versions"))
    busy = jobs.busy_detail(session)
    if busy is not None:
        flash(f"正在进行另一次发布（{busy}），请稍后再试。", "error")
        return redirect(url_for(".versions"))
    draft = drafts.save_rollback(session, number, current_user.name)
    jobs.claim(current_app._get_current_object(), draft.id)
    audit.record("rollback", f"回滚到版本 {number}（任务 {draft.id}）")
    session.rollback()
    jobs.rollback(current_app._get_current_object(), draft.id, number, author=current_user.name)
    return redirect(url_for(".draft", draft_id=draft.id))


@bp.get("/audit")
def audit_log():
    """The audit log, newest first."""
    page = request.args.get("page", "1")
    data = audit.page(int(page) if page.isdigit() and len(page) < 7 else 1)
    return render_template("admin/audit.html", **data)


@bp.route("/users", methods=("GET", "POST"))
@auth.role_required("publisher")
def users():
    """Office accounts: add one, or switch one off."""
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(session, form.name.data, form.role.data, form.password.data)
        except LookupServiceError as exc:
            session.rollback()
            form.name.errors = [*form.name.errors, exc.message]
        else:
            audit.record("user_add", f"添加用户 {form.name.data.strip()}（{form.role.data}）")
            flash(f"已添加用户 {form.name.data.strip()}。", "ok")
            return redirect(url_for(".users"))
    rows = session.scalars(select(User).order_by(User.name))
    return render_template("admin/users.html", form=form, users=list(rows), toggle=ActionForm())


@bp.post("/users/<int:user_id>/toggle")
@auth.role_required("publisher")
def toggle_user(user_id: int):
    """Switch an account off (its sessions end at once) or on again."""
    session = get_session()
    user = session.get(User, user_id)
    if not ActionForm().validate_on_submit() or user is None or user.id == current_user.id:
        flash("无法更改这个账号（不能停用自己）。", "error")
        return redirect(url_for(".users"))
    user.active = not user.active
    session.commit()
    audit.record("user_toggle", f"{'启用' if user.active else '停用'}用户 {user.name}")
    return redirect(url_for(".users"))


@bp.app_context_processor
def admin_context() -> dict:
    return {"action_form": ActionForm} if request.blueprint == "admin" else {}


def init_app(app: Flask) -> None:
    """Register the office blueprint and sign-in."""
    from . import (
        admin_drafts,  # noqa: F401  (adds the draft and item routes to `bp`)
        admin_inbox,  # noqa: F401  (adds the reports inbox and search insights)
    )

    auth.init_app(app)
    app.register_blueprint(bp)
