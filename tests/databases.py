"""A fresh PostgreSQL database for the tests that need one, on the server LOOKUP_TEST_POSTGRES
names (an admin URL); skipped without one, a failure when LOOKUP_REQUIRE_POSTGRES=1."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from lookup.lists import db


def _unavailable(message: str) -> None:
    if os.environ.get("LOOKUP_REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " (LOOKUP_REQUIRE_POSTGRES=1)")
    pytest.skip(message)


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """Create a database named `<prefix>_<random>`, yield its URL, then drop it (and the
    process's pooled connections to it)."""
    import psycopg

    admin = os.environ.get("LOOKUP_TEST_POSTGRES")
    if not admin:
        _unavailable("PostgreSQL not available: set LOOKUP_TEST_POSTGRES to an admin URL")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _unavailable(f"PostgreSQL at LOOKUP_TEST_POSTGRES is not reachable: {exc}")
    try:
        yield urlunsplit(urlsplit(admin)._replace(path="/" + name))
    finally:
        for key in [k for k in list(db._engines) if name in k[0]]:
            db._engines.pop(key).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
