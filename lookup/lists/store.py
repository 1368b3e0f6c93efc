"""Reading and writing versions and items. Services return plain dicts; the store is the truth.

The questions about versions themselves (which one is current, which are announced, the
history, withdrawal) live in `lookup.lists.versions` and are re-exported here, so that callers
ask the store for everything."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from lookup.core.fields import ITEM_FIELDS, LISTS, UNNAMED, classify_method
from lookup.lists import models, tasks
from lookup.lists.db import get_session
from lookup.lists.identity import diff_items
from lookup.lists.models import Item, Version
from lookup.lists.versions import (  # re-exported: the store is where callers ask
    count_versions,
    current_info,
    current_version,
    latest_version,
    mark_published,
    previous_version,
    scheduled_versions,
    version_info,
    versions,
    withdraw,
)

_REEXPORTED = (
    count_versions,
    current_info,
    latest_version,
    mark_published,
    previous_version,
    scheduled_versions,
    version_info,
    versions,
    withdraw,
)

_ITEM_COLUMNS = ("seq", *ITEM_FIELDS, "method")


def _session(session: Session | None) -> Session:
    return session if session is not None else get_session()


def item_dict(row: Item) -> dict:
    data = {"id": row.item_id, "list": row.list}
    for column in _ITEM_COLUMNS:
        data[column] = getattr(row, column) or ""
    data["since_version"] = row.since_version
    data["position"] = row.position
    data["task_id"] = tasks.task_id(data["matter"])  # the 办理事项 the item belongs to
    return data


def items_of(
    version: int | None = None, list_kind: str | None = None, session: Session | None = None
) -> list[dict]:
    """All items of a version (default: current), in published order."""
    s = _session(session)
    number = version if version is not None else current_version(s)
    query = select(Item).where(Item.version == number)
    if list_kind:
        query = query.where(Item.list == list_kind)
    query = query.order_by(Item.list, Item.position)
    return [item_dict(row) for row in s.scalars(query)]


def get_item(
    item_id: str, version: int | None = None, session: Session | None = None
) -> dict | None:
    s = _session(session)
    number = version if version is not None else current_version(s)
    row = s.scalar(select(Item).where(Item.version == number, Item.item_id == item_id))
    return item_dict(row) if row is not None else None


def last_seen(item_id: str, session: Session | None = None) -> dict | None:
    """The newest published version of an item that is no longer current (for removed items)."""
    s = _session(session)
    row = s.scalar(
        select(Item)
        .join(Version, Version.number == Item.version)
        .where(
            Item.item_id == item_id,
            Version.status == "published",
            Item.version <= current_version(s),  # not an item only a scheduled version has
        )
        .order_by(Item.version.desc())
        .limit(1)
    )
    if row is None:
        return None
    data = item_dict(row)
    data["last_version"] = row.version
    return data


def department_of(item: dict) -> str:
    """The requiring department an item is counted and filtered under (未注明 when empty)."""
    return item["requiring_department"] or UNNAMED


def matches(item: dict, list_kind=None, department=None, method=None) -> bool:
    """The list filters of the pages, the API and the search, in one place."""
    return (
        (not list_kind or item["list"] == list_kind)
        and (not department or department_of(item) == department)
        and (not method or item["method"] == method)
    )


def list_items(
    list_kind: str,
    department: str | None = None,
    method: str | None = None,
    version: int | None = None,
    session: Session | None = None,
) -> list[dict]:
    items = items_of(version, list_kind, session)
    return [i for i in items if matches(i, department=department, method=method)]


def facets(list_kind: str, version: int | None = None, session: Session | None = None) -> dict:
    """Counts per requiring department and per replacement method, most first."""
    return facets_of(items_of(version, list_kind, session))


def facets_of(items: list[dict]) -> dict:
    """The facets of items in hand (e.g. a served engine's, while the database is away)."""
    departments = Counter(department_of(i) for i in items)
    methods = Counter(i["method"] for i in items if i["method"])
    return {
        "departments": departments.most_common(),
        "methods": methods.most_common(),
        "total": len(items),
    }


def diff(a: int, b: int, session: Session | None = None) -> dict:
    """What changed from version a to version b, per list."""
    s = _session(session)
    old, new = items_of(a, session=s) if a else [], items_of(b, session=s)
    result = {}
    for list_kind in LISTS:
        result[list_kind] = diff_items(
            [i for i in old if i["list"] == list_kind], [i for i in new if i["list"] == list_kind]
        )
    return result


def summarise(changes: dict) -> dict:
    """Counts of a diff, per list: {"abolished": {"added": n, "removed": n, "changed": n}}."""
    return {list_kind: {k: len(v) for k, v in part.items()} for list_kind, part in changes.items()}


# Writing -------------------------------------------------------------------------------------


def next_version_number(session: Session) -> int:
    return int(session.scalar(select(func.max(Version.number))) or 0) + 1


def create_version(
    session: Session,
    items_by_list: dict[str, list[dict]],
    *,
    note: str,
    author: str,
    source: str,
    summary: dict | None = None,
    details: dict | None = None,
    sample: bool = False,
) -> int:
    """Write a complete new version (status `building`) in one transaction; return its number.

    `details` are the official publication details: doc_number, issuer, issued_on (a date)
    and effective_at (naive UTC; None: takes effect when published)."""
    details = details or {}
    version = Version(
        status="building",
        note=note,
        author=author,
        source=source,
        counts={k: len(v) for k, v in items_by_list.items()},
        summary=summary or {},
        doc_number=details.get("doc_number") or "",
        issuer=details.get("issuer") or "",
        issued_on=details.get("issued_on"),
        effective_at=details.get("effective_at"),
        sample=sample,
    )
    try:
        number = _write_version(session, version, items_by_list)
    except BaseException:
        # Without this the half-written version stays in the session's open transaction and the
        # next commit on the session (the lease release of a failed publish) would keep it.
        session.rollback()
        raise
    return number


def _write_version(session: Session, version: Version, items_by_list: dict[str, list[dict]]):
    number = version.number = next_version_number(session)
    session.add(version)
    session.flush()
    rows = []
    for list_kind, items in items_by_list.items():
        for position, item in enumerate(items):
            row = {column: (item.get(column) or "") for column in _ITEM_COLUMNS}
            row["method"] = item.get("method") or classify_method(item.get("replacement", ""))
            row.update(
                version=number,
                item_id=item["id"],
                list=list_kind,
                position=position,
                since_version=item.get("since_version") or number,
            )
            rows.append(row)
    for start in range(0, len(rows), 5000):
        session.execute(insert(Item), rows[start : start + 5000])
    session.commit()
    return number


def discard_unfinished(session: Session) -> list[int]:
    """Remove versions left `building` by a publish that died; their numbers are not reused."""
    numbers = list(session.scalars(select(Version.number).where(Version.status == "building")))
    if numbers:
        session.execute(delete(Item).where(Item.version.in_(numbers)))
        session.execute(update(Version).where(Version.number.in_(numbers)).values(status="failed"))
        session.commit()
    return numbers


def has_versions(session: Session | None = None) -> bool:
    return current_version(session) > 0


__all__ = [name for name in globals() if not name.startswith("_")] + ["models"]
