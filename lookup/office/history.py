"""The version history people read on /changes: every version with its details and its diff.

A version's diff is against the published version before it (withdrawn ones are skipped, as
the public never saw them), so each entry says what that version changed; a version that
changed nothing cannot be published any more, so every entry shows a real change. Diffs of
published versions never change and are kept per process.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from lookup.lists import store
from lookup.lists.db import get_session

PER_PAGE = 10
SHOW = 50  # items per kind of change listed per version; the counts are always complete
_diffs: dict[tuple, dict] = {}
_lock = threading.Lock()


def page(number: int = 1, per_page: int = PER_PAGE, session: Session | None = None) -> dict:
    """One page of the history, newest first (announced versions included, marked)."""
    s = session if session is not None else get_session()
    total = store.count_versions(s)
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    entries = []
    for version in store.versions(s, offset=(number - 1) * per_page, limit=per_page):
        before = store.previous_version(version["number"], s)
        entries.append({**version, "from": before, "diff": shown(diff(before, version, s))})
    return {"versions": entries, "page": number, "pages": pages, "total": total}


def diff(before: int, version: dict, session: Session) -> dict:
    """What `version` changed against version `before`, per list (kept once computed)."""
    key = (str(session.get_bind().url), before, version["number"])
    with _lock:
        found = _diffs.get(key)
    if found is None:
        found = store.diff(before, version["number"], session)
        with _lock:
            if len(_diffs) > 256:
                _diffs.clear()
            _diffs[key] = found
    return found


def current_diff(session: Session | None = None) -> dict | None:
    """What the current version changed (None for the first version, or nothing published)."""
    s = session if session is not None else get_session()
    current = store.current_version(s)
    before = store.previous_version(current, s) if current else 0
    return diff(before, {"number": current}, s) if before else None


def shown(changes: dict) -> dict:
    """A diff cut to what a page lists, with the full counts."""
    return {
        kind: {
            "counts": {k: len(v) for k, v in part.items()},
            **{k: v[:SHOW] for k, v in part.items()},
        }
        for kind, part in changes.items()
    }
