"""Helpers shared by the test modules (import as `from support import make_app`).

They live here rather than in conftest.py: `import conftest` may pick up another folder's
conftest (tests/browser has its own).
"""

from __future__ import annotations

import re
from pathlib import Path

from lookup import create_app
from lookup.lists.db import get_session
from lookup.office import accounts, engines, publishing, workflow
from lookup.office.audit import Actor
from lookup.search import service

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
PASSWORD = "correct horse battery staple"

# The fields every search result carries (DESIGN, "Contracts"): written out here, not taken
# from the code, so that a change to the contract fails a test.
RESULT_FIELDS = frozenset(
    {
        "id",
        "list",
        "name",
        "matter",
        "requiring_department",
        "issuing_authority",
        "basis",
        "replacement",
        "note",
        "url",
        "score",
        "highlight",
    }
)

# An item on neither shipped list, for tests that publish a change.
NEW = {
    "name": "测试专用鸭梨证明",
    "matter": "测试事项办理",
    "requiring_department": "市测试局",
    "issuing_authority": "村（居）委会",
    "basis": "《测试条例》",
    "replacement": "告知承诺",
    "note": "",
}

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "SESSION_COOKIE_SECURE": False,
    "VERSION_CHECK_INTERVAL": 0.0,
    "SERVER_NAME": "localhost",
    "PUBLIC_BASE_URL": "http://localhost",
}


def lists_in_effect_since(moment) -> None:
    """Date every published version's effect back to `moment` (naive UTC), for tests that move
    the clock into the past: a version published today is not yet in effect on a date before."""
    from sqlalchemy import update

    from lookup.lists.models import Version

    session = get_session()
    session.execute(update(Version).values(effective_at=moment))
    session.commit()


def make_app(home: Path, **overrides):
    """An app on `home` with test settings (CSRF stays on, as in production)."""
    config = {
        **TEST_CONFIG,
        "LOOKUP_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'lookup.sqlite3'}",
    }
    config.update(overrides)
    return create_app(config)


def office_app(home, **overrides):
    """An app on `home` with two office users, and no app context left pushed.

    (The shared `app` fixture keeps one context pushed for the whole test, so `g` (the signed-in
    user, the CSRF token) would leak from one test-client request into the next.)
    """
    app = make_app(home, **overrides)
    with app.app_context():
        add_users()
    return app


def add_users() -> None:
    """An editor and a publisher in the current app's store."""
    session = get_session()
    accounts.create_user(session, "editor1", "editor", PASSWORD)
    accounts.create_user(session, "publisher1", "publisher", PASSWORD)


def publish(app, content: dict[str, list[dict]], note: str = "test") -> int:
    """Publish new content for one or both lists straight through the store and index."""
    return publishing.publish_lists(app, content, note=note, author="test", source="test")


def import_and_publish(app, path: Path, list_kind: str, note: str = "test") -> int:
    """`lookup import PATH --list KIND --publish`, as the office's workflow runs it."""
    actor = Actor("test", "命令行")
    result, draft_id, _ = workflow.import_spreadsheet(
        app, path, list_kind, filename=path.name, actor=actor, keep_errors=False
    )
    assert draft_id is not None, [str(p) for p in result.errors]
    return workflow.publish_draft(app, draft_id, note=note, actor=actor, background=False)


def search(app, query: str, **filters) -> dict:
    """The search service on the app's published version (no URLs, nothing counted)."""
    return service.search(engines.follower(app).get(), query, **filters)


_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


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
