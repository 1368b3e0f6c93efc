"""Configuration: defaults, the runtime home folder and the generated secret key."""

from __future__ import annotations

import os
import secrets
import stat
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


def keep_private(home: Path) -> None:
    """Whatever this process creates is its user's alone (umask 077: files 0600, folders
    0700): the database and its WAL, indexes, caches, backups. The home folder is 0700."""
    os.umask(0o077)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if stat.S_IMODE(home.stat().st_mode) != 0o700:
            os.chmod(home, 0o700)
    except PermissionError:  # someone else's folder: leave it, what we write is still private
        pass


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
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_MAX_HOURS": 12,
        # Absolute links and QR codes start with this, never with the request's Host header.
        "PUBLIC_BASE_URL": "http://{}:{}".format(
            os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
        ),
        "REPORT_MAX_BYTES": 64 * 1024,  # a resident's report, form or JSON
        # /metrics answers these addresses only (ip or network, comma-separated in the env).
        "METRICS_ALLOW": "127.0.0.1,::1",
        "WTF_CSRF_TIME_LIMIT": None,
        "JSON_AS_ASCII": False,
    }
