"""Configuration: defaults, the runtime home folder and the generated secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def lookup_home() -> Path:
    """The folder for runtime state (database, indexes, caches); `LOOKUP_HOME` or `instance/`."""
    return Path(os.environ.get("LOOKUP_HOME") or PROJECT_ROOT / "instance").resolve()


def secret_key(home: Path) -> str:
    """Read the secret key kept in the home folder, creating it on first use (never a default)."""
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def defaults(home: Path) -> dict:
    """The default settings; environment variables prefixed `LOOKUP_` override them."""
    return {
        "LOOKUP_HOME": str(home),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{home / 'lookup.sqlite3'}",
        # DESIGN "Environment" names SECRET_KEY itself (LOOKUP_SECRET_KEY also works); empty means
        # the key kept in LOOKUP_HOME.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "DATA_DIR": str(PROJECT_ROOT / "data"),
        "VOCAB_DIR": str(PROJECT_ROOT / "data" / "vocab"),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        # Whole results of repeated questions kept per engine (per worker); repeats of the API
        # are answered in front of Flask by the response cache, so this one can stay small.
        "RESULT_CACHE_SIZE": 512,
        "RESPONSE_CACHE": True,
        "RESPONSE_CACHE_ENTRIES": 2048,
        "RESPONSE_CACHE_BYTES": 4 << 20,
        "SEARCH_TIME_LIMIT": 2.0,
        "VERSION_CHECK_INTERVAL": 1.0,
        # A file whose number of seconds every process adds to its clock (staging rehearsals
        # of a future 施行日期, tests); empty in production. See lookup.core.clock.
        "CLOCK_FILE": "",
        # An upload that would remove more than this share of a list must name the count.
        "REMOVAL_CONFIRM_SHARE": 0.2,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("LOOKUP_INSECURE_COOKIES") != "1",
        "WTF_CSRF_TIME_LIMIT": None,
        "JSON_AS_ASCII": False,
    }
