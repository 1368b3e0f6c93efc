"""The SQLAlchemy engine and session of the app, following the get_db/close_db pattern."""

from __future__ import annotations

import contextlib
import os

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

_engines: dict[tuple[str, int], Engine] = {}
# What a database that is away raises (stopped, restarting, unreachable, locked too long):
# callers that can do without it (public pages, the health check) catch these.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while a publish writes; busy_timeout turns lock waits into waits.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_for(url: str) -> Engine:
    """One engine per URL and process: a forked gunicorn worker must not share pooled sockets."""
    key = (url, os.getpid())
    engine = _engines.get(key)
    if engine is None:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        kwargs: dict = {"future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=5, pool_timeout=10)
            # A database host that does not answer must not hold a worker for minutes.
            kwargs["connect_args"] = {"connect_timeout": 5}
        engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
        _engines[key] = engine
    return engine


def session_factory(app: Flask | None = None) -> sessionmaker[Session]:
    """A session maker bound to the app's database."""
    app = app or current_app
    return sessionmaker(engine_for(app.config["DATABASE_URL"]), expire_on_commit=False)


def get_session() -> Session:
    """The request's (or CLI command's) session, created on first use."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except UNAVAILABLE:
            # The database went away during the request (its rollback cannot be sent): drop
            # the connection instead of failing an answer that is already made.
            with contextlib.suppress(Exception):
                session.invalidate()


def init_app(app: Flask) -> None:
    app.teardown_request(close_session)
    app.teardown_appcontext(close_session)
