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
from lookup.office import schedule
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


def current_info() -> dict | None:
    """The current version's number and details (number only while the database is away)."""
    try:
        return store.current_info()
    except UNAVAILABLE as exc:
        return {"number": _served(exc).version, "sample": False}


def version_info(number: int) -> dict | None:
    """A version's publication details, or None while the database is away."""
    try:
        return store.version_info(number)
    except UNAVAILABLE:
        close_session()
        return None


def items_of() -> list[dict]:
    """Both lists' items of the published version."""
    try:
        return store.items_of()
    except UNAVAILABLE as exc:
        return [dict(i) for i in _served_items(exc)]


def change_for(item_id: str) -> dict | None:
    """The announced change that will touch an item (None while the database is away)."""
    try:
        return schedule.change_for(item_id)
    except UNAVAILABLE:
        close_session()
        return None


def changes_for(item_ids: list[str]) -> dict:
    """Announced changes by item id ({} while the database is away)."""
    try:
        return schedule.changes_for(item_ids)
    except UNAVAILABLE:
        close_session()
        return {}


def coming_changes() -> list[dict]:
    """Announced versions not yet in effect, with their diffs ([] while the database is away)."""
    try:
        return schedule.coming_changes()
    except UNAVAILABLE:
        close_session()
        return []
