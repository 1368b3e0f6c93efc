"""Fixed-window rate limits kept in the database, so they hold across workers and nodes.

`allow(key, limit, window_seconds)` counts one hit and says whether it is within the limit.
Each hit is one short transaction of its own (never the caller's session), so a counter is
committed even when the request that made it later fails.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import case, delete, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lookup.lists.db import engine_for
from lookup.lists.models import RateCounter

_table = RateCounter.__table__


def _engine() -> Engine:
    return engine_for(current_app.config["DATABASE_URL"])


def window_start(window_seconds: int, now: float | None = None) -> datetime:
    """The start of the fixed window holding `now` (naive UTC, like every stored time)."""
    now = time.time() if now is None else now
    start = int(now // window_seconds) * window_seconds
    return datetime.fromtimestamp(start, UTC).replace(tzinfo=None)


def _bump(conn: Connection, key: str, start: datetime) -> int | None:
    """Count one hit on an existing row atomically; None when the row does not exist yet."""
    # A row from an older window starts over at 1; a row from this (or, with clock skew
    # between nodes, a newer) window is incremented in place by the database.
    fresh = _table.c.window_start < start
    statement = (
        update(_table)
        .where(_table.c.key == key)
        .values(
            count=case((fresh, 1), else_=_table.c.count + 1),
            window_start=case((fresh, start), else_=_table.c.window_start),
        )
        .returning(_table.c.count)
    )
    return conn.execute(statement).scalar()


def _insert_first(conn: Connection, key: str, start: datetime) -> bool:
    """Insert the first hit of a key; False when another process inserted it first."""
    values = {"key": key, "window_start": start, "count": 1}
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        # RETURNING, not rowcount: psycopg reports -1 for an INSERT ... ON CONFLICT.
        statement = insert(_table).values(values).on_conflict_do_nothing()
        return conn.execute(statement.returning(_table.c.key)).scalar() is not None
    try:
        with conn.begin_nested():
            conn.execute(_table.insert().values(values))
    except IntegrityError:
        return False
    return True


def hit(key: str, window_seconds: int) -> int:
    """Count one hit of `key` in the current window and return the window's count so far."""
    start = window_start(window_seconds)
    with _engine().begin() as conn:
        count = _bump(conn, key, start)
        if count is not None:
            return int(count)
        if _insert_first(conn, key, start):
            return 1
        # Lost the race to insert: the row exists now, so the update cannot miss again.
        return int(_bump(conn, key, start) or 1)


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; True when it is within `limit` hits per `window_seconds`."""
    return hit(key, window_seconds) <= limit


def reset(key: str) -> None:
    """Forget a key's counter (e.g. after a successful login)."""
    with _engine().begin() as conn:
        conn.execute(delete(_table).where(_table.c.key == key))
