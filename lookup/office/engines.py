"""The search engine this process serves for an app: settings from its config, the store's
published lists and vocabulary followed by a `lookup.search.following.Follower` kept in
`app.extensions`."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from lookup.lists import store, vocab_store
from lookup.lists.db import session_factory
from lookup.office import vocabularies
from lookup.search.engine import Engine, Settings
from lookup.search.following import Follower, Published

KEY = "lookup_search"


def settings(app: Flask, vocabulary_version: int | None = None) -> Settings:
    """Engine settings from the app's config, with a published vocabulary: the one in effect
    (read from the store), or version `vocabulary_version` (0: the shipped files)."""
    config = app.config
    if vocabulary_version is None:
        number, vocabulary = vocabularies.vocabulary_in_effect(app)
    else:
        number, vocabulary = (
            vocabulary_version,
            vocabularies.vocabulary_of(app, vocabulary_version),
        )
    return Settings(
        home=Path(config["LOOKUP_HOME"]),
        vocabulary=vocabulary,
        vocabulary_version=number,
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
        def latest_version() -> Published:
            with session_factory(app)() as session:
                return Published(
                    store.current_version(session), vocab_store.current_number(session)
                )

        def items_of(version: int) -> list[dict]:
            with session_factory(app)() as session:
                return store.items_of(version, session=session)

        def vocabulary_of(number: int):
            return vocabularies.vocabulary_of(app, number)

        found = Follower(
            settings(app, vocabularies.SHIPPED),  # the first check picks the published one
            latest_version,
            items_of,
            app.config["VERSION_CHECK_INTERVAL"],
            vocabulary_of=vocabulary_of,
        )
        app.extensions[KEY] = found
    return found


def current_engine() -> Engine:
    """The engine for this request: the published version, as fresh as the last check."""
    return follower().get()
