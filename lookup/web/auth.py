"""Office sign-in: Flask-Login over server-side sessions, cookie settings and role checks.

The signed cookie carries only a random session token (`lookup.office.sessions` keeps its
hash); every request looks the session up, so logout, a password or role change and switching
an account off end every copy of the cookie, and the idle and absolute timeouts hold whatever
the cookie says.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, request, session
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_login import login_required as login_required  # re-exported for the views

from lookup.lists.db import UNAVAILABLE, get_session
from lookup.lists.models import User
from lookup.office import sessions

ROLE_RANK = {"editor": 1, "publisher": 2}
SECURE_COOKIE_NAME = "__Host-session"  # browsers accept it only with Secure, Path=/, no Domain

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

    def __init__(self, row: User, token: str) -> None:
        self.id = row.id
        self.name = row.name
        self.role = row.role
        self.must_change_password = bool(row.must_change_password)
        self.token = token

    def get_id(self) -> str:
        return self.token  # what the cookie holds: the session's token, not the user's id

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK.get(role, 99)


def timeouts(app: Flask | None = None) -> sessions.Timeouts:
    config = (app or current_app).config
    return sessions.Timeouts(
        idle=timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
        absolute=timedelta(hours=float(config["SESSION_MAX_HOURS"])),
    )


@login_manager.user_loader
def load_user(token: str) -> OfficeUser | None:
    """The user of a live session; ended, expired and switched-off ones are signed out."""
    try:
        row = sessions.resume(get_session(), token, timeouts())
    except UNAVAILABLE:
        # Anonymous for the rest of this request, so that the 503 page that follows does not
        # ask the database for the user again (Flask-Login keeps the user in g._login_user).
        g._login_user = login_manager.anonymous_user()
        raise
    return OfficeUser(row, token) if row is not None else None


def sign_in(row: User) -> None:
    """Start a fresh session (no value survives from before login: no session fixation)."""
    token = sessions.start(get_session(), row, remote_addr(), timeouts())
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the old session's token for this request
    session.permanent = True
    login_user(OfficeUser(row, token))


def sign_out() -> None:
    """End this session in the store (every copy of the cookie) and in the browser."""
    if current_user.is_authenticated:
        sessions.end(get_session(), current_user.token)
    logout_user()
    session.clear()


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
    """Flask-Login and the session cookie: Secure unless configured off (a plain-http intranet),
    then named `__Host-session`; its lifetime is the absolute timeout."""
    if app.config.get("PERMANENT_SESSION_LIFETIME") == timedelta(days=31):  # Flask's default
        app.config["PERMANENT_SESSION_LIFETIME"] = timeouts(app).absolute
    secure = bool(app.config.get("SESSION_COOKIE_SECURE", True))
    if secure and app.config.get("SESSION_COOKIE_NAME") == "session":  # Flask's default
        app.config["SESSION_COOKIE_NAME"] = SECURE_COOKIE_NAME
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    login_manager.init_app(app)
