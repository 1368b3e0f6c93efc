"""Office sign-in: Flask-Login setup, session cookie settings and role checks."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, g, request, session
from flask_login import LoginManager, current_user, login_user
from flask_login import login_required as login_required  # re-exported for the views

from lookup.lists.db import get_session
from lookup.lists.models import User

SESSION_LIFETIME = timedelta(hours=8)
ROLE_RANK = {"editor": 1, "publisher": 2}

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "请先登录。"
login_manager.login_message_category = "info"
# "basic": a session cookie replayed from another client is not trusted for fresh logins.
login_manager.session_protection = "basic"


class OfficeUser:
    """What Flask-Login keeps for a signed-in office user (a plain copy, no ORM object)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, row: User) -> None:
        self.id = row.id
        self.name = row.name
        self.role = row.role
        self._stamp = _stamp(row)

    def get_id(self) -> str:
        # The stamp changes with the password, so a password change signs out old sessions.
        return f"{self.id}:{self._stamp}"

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK.get(role, 99)


def _stamp(row: User) -> str:
    return hashlib.sha256(row.password_hash.encode()).hexdigest()[:12]


@login_manager.user_loader
def load_user(user_id: str) -> OfficeUser | None:
    """Rebuild the user from the session; inactive users and old passwords are signed out."""
    pk, _, stamp = user_id.partition(":")
    if not pk.isdigit():
        return None
    row = get_session().get(User, int(pk))
    if row is None or not row.active or _stamp(row) != stamp:
        return None
    return OfficeUser(row)


def sign_in(row: User) -> None:
    """Start a fresh session (no value survives from before login: no session fixation)."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the old session's token for this request
    session.permanent = True
    login_user(OfficeUser(row))


def role_required(role: str):
    """Views for a role only: anonymous users go to the login page, others get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site may be the target after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def remote_addr() -> str:
    return (request.remote_addr or "")[:64]


def init_app(app: Flask) -> None:
    """Flask-Login and the session cookie settings (Secure unless the config turns it off)."""
    if app.config.get("PERMANENT_SESSION_LIFETIME") == timedelta(days=31):  # Flask's default
        app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SECURE"] = app.config.get("SESSION_COOKIE_SECURE", True)
    login_manager.init_app(app)
