"""Growing delays after failed sign-ins, counted in the database (every worker and node).

Only failures count, and a success clears its key: an office behind one NAT address can sign
in all day. A key (e.g. one account from one address) gets `free` failures, then must wait
2 s, 4 s, 8 s … (at most 15 minutes) after its last failure before the next try is even
checked. Someone elsewhere guessing an account's password slows down their own tries, not
the owner's. A key's failures are forgotten `FORGET` after its last one.

The row of a key in `rate_counters` holds the number of failures (`count`) and the time of
the last one (`window_start`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update
from sqlalchemy.engine import Engine

from lookup.core.clock import utcnow
from lookup.lists.db import engine_for
from lookup.lists.models import RateCounter

FIRST_DELAY = 2  # seconds, after the free failures
MAX_DELAY = 15 * 60
FORGET = timedelta(hours=1)

_table = RateCounter.__table__


def _engine() -> Engine:
    return engine_for(current_app.config["DATABASE_URL"])


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after the last of `failures` failures (0 while within `free`)."""
    if failures < free:
        return 0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** min(failures - free, 20))


def remaining(key: str, free: int, now: datetime | None = None) -> int:
    """Seconds before `key` may try again (0: now)."""
    now = now or utcnow()
    with _engine().connect() as conn:
        row = conn.execute(
            select(_table.c.count, _table.c.window_start).where(_table.c.key == key)
        ).first()
    if row is None or now - row.window_start > FORGET:
        return 0
    until = row.window_start + timedelta(seconds=delay_after(row.count, free))
    return max(0, int((until - now).total_seconds() + 0.999))


def failed(key: str) -> int:
    """Count one failure of `key`; returns its failures so far."""
    now = utcnow()
    forgotten = _table.c.window_start < now - FORGET
    bump = (
        update(_table)
        .where(_table.c.key == key)
        .values(count=case((forgotten, 1), else_=_table.c.count + 1), window_start=now)
        .returning(_table.c.count)
    )
    with _engine().begin() as conn:
        count = conn.execute(bump).scalar()
        if count is not None:
            return int(count)
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        first = insert(_table).values(key=key, window_start=now, count=1).on_conflict_do_nothing()
        if conn.execute(first.returning(_table.c.key)).scalar() is not None:
            return 1
        return int(conn.execute(bump).scalar() or 1)  # another process inserted it first


def clear(key: str) -> None:
    """Forget a key's failures (after a successful sign-in)."""
    with _engine().begin() as conn:
        conn.execute(delete(_table).where(_table.c.key == key))
