"""What residents search for and do not find: counts per hour, query and outcome.

`record()` is called on every search and only adds to an in-memory tally of this process;
the tally goes to the `query_stats` table at most every FLUSH_SECONDS or FLUSH_HITS searches
(from a timer thread, or at exit). Nothing personal is kept: no address, no time finer than
the hour, and runs of six or more digits (ID card, phone numbers) are masked.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import threading
import time
import unicodedata
from collections import Counter
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from lookup.lists.db import engine_for
from lookup.lists.models import QueryStat, utcnow

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
FLUSH_HITS = 500
MAX_PENDING_KEYS = 20_000  # when the database is away, forget rather than grow without end
MAX_QUERY = 100
LOW_CONFIDENCE = 0.5  # search.CONFIDENT: below it the certificate asked about is not known
OUTCOMES = ("ok", "not_listed", "low_confidence", "zero_results")
FAILED = ("not_listed", "low_confidence", "zero_results")
MASK = "＊＊＊"

_DIGITS = re.compile(r"\d(?:[\s\-]*\d){5,}[xX]?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACES = re.compile(r"\s+")

Key = tuple[datetime, str, str]


def normalise(query: str) -> str:
    """Width-folded, lower-cased, spaces collapsed, digit runs and e-mails masked, ≤ 100 chars."""
    text = unicodedata.normalize("NFKC", query or "").lower()
    text = _EMAIL.sub(MASK, text)
    text = _DIGITS.sub(MASK, text)
    text = _SPACES.sub(" ", text).strip()
    return text[:MAX_QUERY]


def outcome(answer_status: str, confidence: float, total: int) -> str:
    """The one outcome a search counts under, the worst first."""
    if total <= 0:
        return "zero_results"
    if answer_status == "not_listed":
        return "not_listed"
    if confidence < LOW_CONFIDENCE:
        return "low_confidence"
    return "ok"


def hour(at: datetime | None = None) -> datetime:
    at = at or utcnow()
    return at.replace(minute=0, second=0, microsecond=0)


class Tally:
    """The searches of one process for one database, waiting to be written."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pending: Counter[Key] = Counter()
        self.hits = 0
        self.flushed_at = time.monotonic()
        self.lock = threading.Lock()
        self.timer: threading.Thread | None = None
        self.failing = False  # the last write failed (logged with its traceback once)
        self.wake = threading.Event()

    def add(self, key: Key) -> bool:
        """Count one search; True when it is time to write."""
        with self.lock:
            self.pending[key] += 1
            self.hits += 1
            if self.timer is None or not self.timer.is_alive():
                self.timer = threading.Thread(target=self._tick, daemon=True, name="insights")
                self.timer.start()
            return self.hits >= FLUSH_HITS

    def _tick(self) -> None:
        while True:
            # Writes happen here, never in a request: a publish holding the database's write
            # lock must not hold up searches.
            self.wake.wait(FLUSH_SECONDS)
            self.wake.clear()
            with self.lock:
                if not self.pending:
                    self.timer = None
                    return
            self.flush()

    def flush(self) -> int:
        """Write the pending counts in one transaction; returns how many keys were written."""
        with self.lock:
            batch, self.pending, self.hits = self.pending, Counter(), 0
            self.flushed_at = time.monotonic()
        if not batch:
            return 0
        try:
            # The table comes from the migrations (`lookup db upgrade`), never from here: a
            # writer creating it raced a migration that was about to create it.
            with engine_for(self.url).begin() as conn:
                for key, n in sorted(batch.items()):
                    _add(conn, key, n)
        except (
            Exception
        ) as exc:  # the search must not fail because the statistics could not be kept
            if self.failing:  # once with the traceback, then one line per retry
                log.warning("search statistics still not written (%d kept): %s", len(batch), exc)
            else:
                log.exception("could not write search statistics; kept and retried")
            self.failing = True
            with self.lock:
                if len(self.pending) + len(batch) <= MAX_PENDING_KEYS:
                    self.pending.update(batch)
            return 0
        if self.failing:
            log.info("search statistics written again")
            self.failing = False
        return len(batch)


def _add(conn: Connection, key: Key, n: int) -> None:
    bucket, query, result = key
    where = (QueryStat.bucket == bucket, QueryStat.query == query, QueryStat.outcome == result)
    # RETURNING, not rowcount: psycopg may report -1 rows for these statements.
    bump = update(QueryStat).where(*where).values(count=QueryStat.count + n)
    bump = bump.returning(QueryStat.id)
    if conn.execute(bump).first() is not None:
        return
    values = {"bucket": bucket, "query": query, "outcome": result, "count": n}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(QueryStat).values(values).on_conflict_do_nothing()
    if conn.execute(statement.returning(QueryStat.id)).first() is None:
        conn.execute(bump)  # another process inserted the same key between the two statements


_tallies: dict[str, Tally] = {}
_tallies_lock = threading.Lock()


def _tally(url: str) -> Tally:
    with _tallies_lock:
        tally = _tallies.get(url)
        if tally is None:
            tally = _tallies[url] = Tally(url)
        return tally


def _forget_after_fork() -> None:
    # A forked worker must neither write the parent's counts again nor wait on its locks.
    global _tallies_lock
    _tallies.clear()
    _tallies_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def record(query: str, answer_status: str, confidence: float, total: int) -> None:
    """Count one search of the current app (cheap: memory only, a write every few seconds)."""
    if not has_app_context():
        return
    text = normalise(query)
    if not text:
        return
    tally = _tally(current_app.config["DATABASE_URL"])
    if tally.add((hour(), text, outcome(answer_status, confidence, total))):
        tally.wake.set()


def record_result(result: dict) -> None:
    """Count the body `search.search()` returned."""
    answer = result.get("answer") or {}
    record(
        result.get("query", ""),
        answer.get("status", ""),
        float(answer.get("confidence") or 0.0),
        int(result.get("total") or 0),
    )


def flush_all() -> int:
    """Write every pending count of this process (at exit, and before reading)."""
    return sum(tally.flush() for tally in list(_tallies.values()))


atexit.register(flush_all)


def _summary(since: datetime, until: datetime, outcomes, limit: int) -> list[dict]:
    flush_all()
    url = current_app.config["DATABASE_URL"]
    total = func.sum(QueryStat.count).label("total")
    query = (
        select(QueryStat.query, QueryStat.outcome, total)
        .where(QueryStat.bucket >= hour(since), QueryStat.bucket < until)
        .where(QueryStat.outcome.in_(outcomes))
        .group_by(QueryStat.query, QueryStat.outcome)
    )
    rows: dict[str, dict] = {}
    with engine_for(url).connect() as conn:
        for text, result, n in conn.execute(query):
            row = rows.setdefault(text, {"query": text, "count": 0, "outcomes": {}})
            row["count"] += int(n)
            row["outcomes"][result] = int(n)
    ordered = sorted(rows.values(), key=lambda r: (-r["count"], r["query"]))
    return ordered[: max(0, limit)]


def _naive_utc(at: datetime) -> datetime:
    if at.tzinfo is not None:
        from datetime import UTC

        at = at.astimezone(UTC).replace(tzinfo=None)
    return at


def top_queries(since: datetime, until: datetime, limit: int = 50) -> list[dict]:
    """The most frequent queries in [since, until): `{"query", "count", "outcomes"}`, most first."""
    return _summary(_naive_utc(since), _naive_utc(until), OUTCOMES, limit)


def failed_queries(since: datetime, until: datetime, limit: int = 50) -> list[dict]:
    """Queries that found nothing, nothing sure, or a certificate on neither list."""
    return _summary(_naive_utc(since), _naive_utc(until), FAILED, limit)
