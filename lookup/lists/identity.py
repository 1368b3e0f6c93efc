"""Stable item ids: match a list's new rows to the items of the current version."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from lookup.core.fields import ITEM_FIELDS

# Keys from strictest to loosest: a row that only changed its basis keeps its id, and so does
# one whose matter wording changed while name and departments stayed.
_KEYS = (
    ("name", "matter", "requiring_department", "issuing_authority"),
    ("name", "requiring_department", "issuing_authority"),
    ("name", "matter"),
    ("name", "requiring_department"),
)


def _key(row: dict, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple((row.get(f) or "").strip() for f in fields)


def new_id(list_kind: str, row: dict, taken: set[str]) -> str:
    """A content-derived id, so that two nodes loading the same file agree on ids."""
    basis = "\x1f".join((list_kind, *_key(row, _KEYS[0])))
    for salt in range(1000):
        digest = hashlib.sha1(f"{basis}\x1f{salt}".encode()).hexdigest()[:10]
        candidate = ("a" if list_kind == "abolished" else "r") + digest
        if candidate not in taken:
            return candidate
    raise RuntimeError("could not allocate an item id")


def assign_ids(
    list_kind: str,
    rows: list[dict],
    current: list[dict],
    reserved: set[str] | frozenset = frozenset(),
) -> list[dict]:
    """Return rows with `id` and `since_version` taken from matching current items.

    `current` are the items of the same list in the published version (for a department's
    update, that department's items only; `reserved` then holds the ids of the rest, which a
    new id must not take). Matching is greedy in row order at each key level, so duplicates
    pair up one to one.
    """
    out = [dict(row) for row in rows]
    unmatched_rows = list(range(len(out)))
    unmatched_current = list(range(len(current)))
    for fields in _KEYS:
        pool: dict[tuple, list[int]] = defaultdict(list)
        for ci in unmatched_current:
            pool[_key(current[ci], fields)].append(ci)
        still = []
        used: set[int] = set()
        for ri in unmatched_rows:
            candidates = pool.get(_key(out[ri], fields))
            if candidates:
                ci = candidates.pop(0)
                out[ri]["id"] = current[ci]["id"]
                out[ri]["since_version"] = current[ci]["since_version"]
                out[ri]["_previous"] = current[ci]
                used.add(ci)
            else:
                still.append(ri)
        unmatched_current = [ci for ci in unmatched_current if ci not in used]
        unmatched_rows = still
    taken = {item["id"] for item in current} | {r["id"] for r in out if "id" in r} | set(reserved)
    for ri in unmatched_rows:
        out[ri]["id"] = new_id(list_kind, out[ri], taken)
        out[ri]["since_version"] = None
        taken.add(out[ri]["id"])
    return out


def changed_fields(before: dict, after: dict) -> list[str]:
    return [f for f in ITEM_FIELDS if (before.get(f) or "") != (after.get(f) or "")]


def diff_items(old: list[dict], new: list[dict]) -> dict:
    """Added, removed and changed items between two lists of items with ids."""
    old_by_id = {item["id"]: item for item in old}
    new_by_id = {item["id"]: item for item in new}
    added = [item for item in new if item["id"] not in old_by_id]
    removed = [item for item in old if item["id"] not in new_by_id]
    changed = []
    for item in new:
        before = old_by_id.get(item["id"])
        if before is not None:
            fields = changed_fields(before, item)
            if fields:
                changed.append(
                    {"id": item["id"], "before": before, "after": item, "fields": fields}
                )
    return {"added": added, "removed": removed, "changed": changed}
