"""The store's schema: Alembic migrations bring any database of this project to the current one.

`upgrade(url)` runs on `lookup init`, `lookup db upgrade` and every command that opens the
store. A database created before migrations existed (by `create_all`, holding the tables of
the first release but no `alembic_version`) is stamped at the baseline first, then upgraded,
so an office's running database keeps its data. On PostgreSQL an advisory lock lets one node
migrate while others starting at the same moment wait.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import inspect, text

from lookup.lists.db import engine_for

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"
LOCK_ID = 7_340_001  # pg_advisory_xact_lock key for schema changes


# Alembic says what it runs at INFO on every command; only its warnings matter here.
logging.getLogger("alembic").setLevel(logging.WARNING)


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current(url: str) -> str | None:
    """The revision a database is at (None: empty, or created before migrations)."""
    with engine_for(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `revision`; returns (revision before, revision after)."""
    with engine_for(url).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a SQLite table by copying it and dropping the old one; with
            # foreign keys on, that drop would cascade (rebuilding `versions` emptied `items`).
            # The pragma only takes effect outside a transaction, so it comes first.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                return _upgrade(conn, revision)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")  # pooled: as the app expects it
                conn.commit()


def _upgrade(conn, revision: str) -> tuple[str | None, str | None]:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT pg_advisory_xact_lock({LOCK_ID})"))
    before = MigrationContext.configure(conn).get_current_revision()
    config = _config(conn)
    if before is None and inspect(conn).has_table("versions"):
        command.stamp(config, BASELINE)  # tables of the first release, made by create_all
        before = BASELINE
    command.upgrade(config, revision)
    after = MigrationContext.configure(conn).get_current_revision()
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")
    return before, after


def create_schema(app: Flask | None = None) -> None:
    """The app's database at the current schema (created or upgraded as needed)."""
    app = app or current_app
    upgrade(app.config["DATABASE_URL"])
