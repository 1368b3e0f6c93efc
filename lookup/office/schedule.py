"""Scheduled versions: the order they take effect in, and the coming changes they announce.

Versions take effect in the order they were published: a new version may not take effect
before an announced one (withdraw that first to change the current lists sooner). So the
current version is always the newest one in effect, and what a scheduled version changes is
its diff against the version before it. `coming_changes()` is that diff for every announced
version, with the items it touches, for /changes, the item pages and the search results;
it is computed once per (current, announced) state and kept, since versions never change.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy.orm import Session

from lookup.core import clock
from lookup.core.errors import Conflict
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.versions import effective_at_of

_cache: dict[tuple, list[dict]] = {}
_lock = threading.Lock()


def check_order(session: Session, effective_at: datetime | None) -> None:
    """Refuse a version that would take effect before an announced one."""
    latest = store.latest_version(session)
    if not latest:
        return
    announced = effective_at_of(latest, session)
    now = clock.utcnow()
    if announced is None or announced <= now:
        return
    if (effective_at or now) < announced:
        when = clock.chinese_date(clock.beijing(announced, "%Y-%m-%d"))
        raise Conflict(
            f"第 {latest} 版已公告自 {when}起施行，新版本的施行日期不能早于它。"
            f"如需在此之前调整现行清单，请先撤回第 {latest} 版，发布调整后再重新发布它。",
            "effective_order",
        )


def coming_changes(session: Session | None = None) -> list[dict]:
    """Every announced version with its diff against the version before it, soonest first:
    [{"version": {…}, "from": n, "diff": {list: {added, removed, changed}},
      "affected": {item_id: "removed" | "changed"}}]."""
    s = session if session is not None else get_session()
    scheduled = store.scheduled_versions(s)
    if not scheduled:
        return []
    key = (str(s.get_bind().url), store.current_version(s), tuple(v["number"] for v in scheduled))
    with _lock:
        found = _cache.get(key)
    if found is not None:
        return found
    made = [_announcement(s, v) for v in scheduled]
    with _lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = made
    return made


def _announcement(session: Session, version: dict) -> dict:
    before = store.previous_version(version["number"], session)
    diff = store.diff(before, version["number"], session)
    affected: dict[str, dict] = {}
    for part in diff.values():
        for item in part["removed"]:
            affected[item["id"]] = {"kind": "removed"}
        for change in part["changed"]:
            affected[change["id"]] = {"kind": "changed", "fields": change["fields"]}
    return {"version": version, "from": before, "diff": diff, "affected": affected}


def change_for(item_id: str, session: Session | None = None) -> dict | None:
    """The first announced change to a current item: {"kind", "fields"?, "version"}."""
    return changes_for([item_id], session).get(item_id)


def changes_for(item_ids: list[str], session: Session | None = None) -> dict[str, dict]:
    """`change_for` of several items at once (a page of search results)."""
    coming = coming_changes(session)
    found: dict[str, dict] = {}
    for item_id in item_ids:
        for announcement in coming:
            hit = announcement["affected"].get(item_id)
            if hit is not None:
                found[item_id] = {**hit, "version": announcement["version"]}
                break
    return found
