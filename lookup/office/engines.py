"""The search engine this process serves for an app: settings from its config, the store's
published version followed by a `lookup.search.following.Follower` kept in `app.extensions`."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.search.engine import Engine, Settings
from lookup.search.following import Follower

KEY = "lookup_search"


def settings(app: Flask) -> Settings:
    config = app.config
    return Settings(
        home=Path(config["LOOKUP_HOME"]),
        vocab_dir=Path(config["VOCAB_DIR"]),
        result_cache=int(config["RESULT_CACHE_SIZE"]),
        time_limit=float(config["SEARCH_TIME_LIMIT"]),
    )


def follower(app: Flask | None = None) -> Follower:
    """This process's follower of the app's published version (created on first use)."""
    app = app or current_app._get_current_object()
    found = app.extensions.get(KEY)
    if found is None:
        # A session maker per call: engine_for gives each process its own engine and pool,
        # and this follower is made in the gunicorn master before the fork.
        def latest_version() -> int:
            with session_factory(app)() as session:
                return store.current_version(session)

        def items_of(version: int) -> list[dict]:
            with session_factory(app)() as session:
                return store.items_of(version, session=session)

        found = Follower(
            settings(app), latest_version, items_of, app.config["VERSION_CHECK_INTERVAL"]
        )
        app.extensions[KEY] = found
    return found


def current_engine() -> Engine:
    """The engine for this request: the published version, as fresh as the last check."""
    return follower().get()
