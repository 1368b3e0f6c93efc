"""The office blueprint (/admin): sign-in required, private caching, a Chinese CSRF page.

The pages live in the modules beside this one, each adding its routes to `bp`; this module
imports none of them, so the package has no import cycle.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from lookup.core.errors import LookupServiceError
from lookup.core.limits import MAX_DB_INT
from lookup.office.audit import Actor
from lookup.web import auth
from lookup.web.forms import ActionForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
PUBLIC_ENDPOINTS = {"admin.login"}
# Open to a user who must first replace a temporary password.
BEFORE_NEW_PASSWORD = {"admin.password", "admin.logout", "admin.login"}


@bp.before_request
def require_login():
    """Every office page needs a signed-in user, except the login page itself; a user with a
    temporary password goes to the password page first."""
    if any(
        isinstance(v, int) and not 0 < v <= MAX_DB_INT for v in (request.view_args or {}).values()
    ):
        abort(404)  # an id no database row can have: unknown, never a database error
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return auth.login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in BEFORE_NEW_PASSWORD:
        flash("请先把临时密码改成您自己的密码。", "info")
        return redirect(url_for("admin.password", next=request.full_path.rstrip("?")))
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


@bp.app_context_processor
def admin_context() -> dict:
    return {"action_form": ActionForm} if request.blueprint == "admin" else {}


def actor() -> Actor:
    """The signed-in office user, as the workflow and the audit log see them."""
    return Actor(current_user.name, auth.remote_addr())


def refused(exc: LookupServiceError, endpoint: str, **values):
    """Show a workflow's refusal on the page the user came from."""
    flash(exc.message, "error")
    return redirect(url_for(endpoint, **values))
