"""The published lists as the public pages and the API read them: from the store, or — while
the database is away — from the engine this process serves (the same published version's
items, kept in memory), so that residents' item pages and list pages go on answering.

Only the database being unreachable falls back (`lists.db.UNAVAILABLE`); with no engine in
hand the error goes on to the handler, which answers 503.
"""

from __future__ import annotations

import logging

from flask import current_app

from lookup.lists import store
from lookup.lists.db import UNAVAILABLE, close_session
from lookup.office.engines import follower
from lookup.search.engine import Engine

log = logging.getLogger(__name__)


def _served(exc: Exception) -> Engine:
    """The served engine after a database failure (or the failure again, without one)."""
    close_session()  # a fresh session for the next query of this request, not a failed one
    engine = follower(current_app._get_current_object()).engine
    if engine is None:
        raise exc
    log.warning("database unavailable, answering from version %s in memory", engine.version)
    return engine


def _served_items(exc: Exception) -> list[dict]:
    return _served(exc).items


def current_version() -> int:
    """The published version number (the served one while the database is away)."""
    try:
        return store.current_version()
    except UNAVAILABLE as exc:
        return _served(exc).version


def get_item(item_id: str) -> dict | None:
    """One item of the published version, or None."""
    try:
        return store.get_item(item_id)
    except UNAVAILABLE as exc:
        engine = _served(exc)
        position = engine.by_id.get(item_id)
        return dict(engine.items[position]) if position is not None else None


def list_items(list_kind: str, department: str | None = None, method: str | None = None):
    """One list's items, filtered as the pages filter them."""
    try:
        return store.list_items(list_kind, department=department, method=method)
    except UNAVAILABLE as exc:
        return [
            dict(i)
            for i in _served_items(exc)
            if store.matches(i, list_kind=list_kind, department=department, method=method)
        ]


def facets(list_kind: str) -> dict:
    """Counts per department and method of one list."""
    try:
        return store.facets(list_kind)
    except UNAVAILABLE as exc:
        return store.facets_of([i for i in _served_items(exc) if i["list"] == list_kind])
