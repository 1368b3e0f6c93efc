"""Helpers shared by the test modules (import as `from support import make_app`).

They live here rather than in conftest.py: `import conftest` may pick up another folder's
conftest (tests/browser has its own).
"""

from __future__ import annotations

from pathlib import Path

from lookup import create_app

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


def make_app(home: Path, **overrides):
    """An app on `home` with test settings (CSRF stays on, as in production)."""
    config = {
        "TESTING": True,
        "LOOKUP_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'lookup.sqlite3'}",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SESSION_COOKIE_SECURE": False,
        "VERSION_CHECK_INTERVAL": 0.0,
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    return create_app(config)
