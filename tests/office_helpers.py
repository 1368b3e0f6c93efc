"""Shared steps of the office (admin) tests: accounts, CSRF tokens taken from pages, login."""

from __future__ import annotations

import re

from lookup import accounts, create_app
from lookup.db import get_session

PASSWORD = "correct horse battery staple"
# As conftest.make_app (not imported: `import conftest` can pick up tests/browser/conftest.py).
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "SESSION_COOKIE_SECURE": False,
    "VERSION_CHECK_INTERVAL": 0.0,
    "SERVER_NAME": "localhost",
}


def _home(home) -> dict:
    return {"LOOKUP_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'lookup.sqlite3'}"}


_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def office_app(home, **overrides):
    """An app on `home` with two office users, and no app context left pushed.

    (The shared `app` fixture keeps one context pushed for the whole test, so `g` (the signed-in
    user, the CSRF token) would leak from one test-client request into the next.)
    """
    app = create_app({**TEST_CONFIG, **_home(home), **overrides})
    with app.app_context():
        add_users()
    return app


def add_users() -> None:
    """An editor and a publisher in the current app's store."""
    session = get_session()
    accounts.create_user(session, "editor1", "editor", PASSWORD)
    accounts.create_user(session, "publisher1", "publisher", PASSWORD)


def token(client, url: str = "/admin/login") -> str:
    """The CSRF token of the form on `url`, as a browser would read it."""
    page = client.get(url)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def login(client, name: str, password: str = PASSWORD, *, next_url: str = ""):
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": token(client), "name": name, "password": password})


def post(client, url: str, data: dict | None = None, *, form_page: str = "/admin/", **kwargs):
    """POST with a CSRF token read from `form_page` (any page of the signed-in session)."""
    body = {"csrf_token": token(client, form_page), **(data or {})}
    return client.post(url, data=body, **kwargs)
