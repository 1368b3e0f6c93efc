"""Publishing: a new complete version in the store, its index built and checked, then live.

Readers only ever see versions marked `published`; a version becomes published after its
index is complete on this node. A publish killed at any point leaves a `building` version
that no reader sees and that the next publish discards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from lookup.core import metrics
from lookup.core.errors import Conflict, LookupServiceError, NotFound, PublishBusy
from lookup.core.fields import LIST_SHORT, LISTS, classify_method
from lookup.lists import lease, store
from lookup.lists.db import session_factory
from lookup.lists.identity import assign_ids, diff_items
from lookup.lists.models import Version
from lookup.lists.schema import create_schema
from lookup.office import schedule, vocabularies
from lookup.search import indexer
from lookup.search.analysis import get_segmenter

LEASE = "publish"
LEASE_TTL = 900.0

Progress = Callable[[str], None]


def plan(session, list_kind: str, rows: list[dict], *, department: str | None = None) -> dict:
    """Ids for the new rows of a list, and what changes against the newest published version
    (the one new content is based on, even while it is only announced).

    With `department`, `rows` are that department's items only (a row without 索要单位 is
    taken as theirs): they replace the department's items where those stood, and every other
    item of the list is carried over unchanged.
    """
    base = store.latest_version(session)
    current = store.items_of(base, list_kind, session) if base else []
    if all(r.get("id") for r in rows) and rows:
        items = [dict(r) for r in rows]  # rows that carry ids (a rollback) keep them
    elif department:
        items = _department_update(list_kind, rows, current, department)
    else:
        items = assign_ids(list_kind, rows, current)
    for item in items:
        item.pop("_previous", None)
        item["list"] = list_kind
        item["method"] = classify_method(item.get("replacement", ""))
    changes = diff_items(current, items)
    return {
        "items": items,
        "diff": changes,
        "summary": {k: len(v) for k, v in changes.items()},
        "base_version": base,
        "base_count": len(current),
        "department": department or None,
    }


def outside_department(rows: list[dict], department: str) -> list[dict]:
    """Rows of a department's update that name another 索要单位."""
    return [r for r in rows if r.get("requiring_department") not in ("", None, department)]


def _department_update(
    list_kind: str, rows: list[dict], current: list[dict], department: str
) -> list[dict]:
    rows = [dict(r, requiring_department=r.get("requiring_department") or department) for r in rows]
    theirs = [i for i in current if i["requiring_department"] == department]
    placed = assign_ids(list_kind, rows, theirs, reserved={i["id"] for i in current})
    merged: list[dict] = []
    for item in current:
        if item["requiring_department"] != department:
            merged.append(item)
        elif placed:  # the department's new rows stand where its first old row stood
            merged += placed
            placed = []
    return merged + placed


@contextmanager
def publish_lease(session, detail: str):
    me = lease.holder_name()
    busy = lease.acquire(session, LEASE, me, LEASE_TTL, detail)
    if busy is not None:
        raise PublishBusy(f"正在进行另一次发布（{busy}），请稍后再试。")
    try:
        yield me
    finally:
        lease.release(session, LEASE, me)


@metrics.PUBLISH_SECONDS.time()
def publish_lists(
    app: Flask,
    changes: dict[str, list[dict]],
    *,
    note: str,
    author: str,
    source: str,
    progress: Progress | None = None,
    only_if_empty: bool = False,
    details: dict | None = None,
    departments: dict[str, str] | None = None,
    refuse_unchanged: bool = False,
    sample: bool | None = None,
) -> int:
    """Publish new content for one or both lists; the other list is carried over unchanged.

    Long because the whole publish happens under the lease: plan, checks, write, index, mark.
    `details` are the official publication details (`office.publication.details`); a future
    `effective_at` makes the version scheduled. `departments` limits a list's new content to
    one department's items. With `refuse_unchanged` (the office's workflow) a publish that
    changes nothing is refused. With `only_if_empty` (`lookup init`), nothing happens when a
    version is already published by the time the lease is held: two nodes initialising one
    database publish once. `sample` marks the shipped sample lists (None: compared).
    """
    say = progress or (lambda _m: None)
    details = details or {}
    with session_factory(app)() as session, publish_lease(session, f"{author}：{source}"):
        store.discard_unfinished(session)
        base = store.latest_version(session)
        if only_if_empty and base:
            return base
        schedule.check_order(session, details.get("effective_at"))
        by_list, summary = _content(session, base, changes, departments or {})
        if refuse_unchanged and base and not any(any(s.values()) for s in summary.values()):
            raise unchanged(base)
        if sample is None:
            sample = _same_as_sample(session, by_list)
        say("写入数据库")
        number = store.create_version(
            session,
            by_list,
            note=note,
            author=author,
            source=source,
            summary=summary,
            details=details,
            sample=sample,
        )
        say(f"建立索引（版本 {number}）")
        items = store.items_of(number, session=session)
        home = Path(app.config["LOOKUP_HOME"])
        _, vocabulary = vocabularies.vocabulary_in_effect(app, session)
        seg = get_segmenter(vocabulary, home / "cache")
        with indexer.build_lock(home), metrics.INDEX_SECONDS.time():
            indexer.build(home, number, items, seg, progress=say)
        store.mark_published(session, number)
        say(f"已发布版本 {number}")
        return number


def _content(session, base: int, changes: dict, departments: dict) -> tuple[dict, dict]:
    by_list: dict[str, list[dict]] = {}
    summary: dict[str, dict] = {}
    for list_kind in LISTS:
        if list_kind in changes:
            planned = plan(
                session, list_kind, changes[list_kind], department=departments.get(list_kind)
            )
            by_list[list_kind] = planned["items"]
            summary[list_kind] = planned["summary"]
        else:
            by_list[list_kind] = store.items_of(base, list_kind, session) if base else []
            summary[list_kind] = {"added": 0, "removed": 0, "changed": 0}
    return by_list, summary


def _same_as_sample(session, by_list: dict[str, list[dict]]) -> bool:
    """Is this content exactly the shipped sample lists (the version `lookup init` loaded)?"""
    number = session.scalar(select(func.min(Version.number)).where(Version.sample.is_(True)))
    if number is None:
        return False
    for list_kind, items in by_list.items():
        changes = diff_items(store.items_of(number, list_kind, session), items)
        if any(changes.values()):
            return False
    return True


def unchanged(base: int) -> Conflict:
    return Conflict(
        f"内容与第 {base} 版完全相同，发布不会带来任何变化，已拒绝。请检查上传的文件是否为新清单。",
        "no_changes",
    )


def unknown_version(number: int) -> NotFound:
    return NotFound("unknown_version", f"版本 {number} 不存在或未发布。")


def republish(
    app: Flask,
    number: int,
    *,
    author: str,
    lists: tuple[str, ...] = LISTS,
    progress: Progress | None = None,
    refuse_unchanged: bool = False,
) -> int:
    """Publish the content of an earlier version's `lists` as a new version (a rollback; the
    other list stays as it is now); history stays."""
    with session_factory(app)() as session:
        if store.version_info(number, session) is None:
            raise unknown_version(number)
        items = store.items_of(number, session=session)
    content = {k: [dict(i) for i in items if i["list"] == k] for k in lists}
    which = "" if set(lists) == set(LISTS) else "、".join(LIST_SHORT[k] for k in lists)
    return publish_lists(
        app,
        content,
        note=f"回滚{which}到版本 {number} 的内容",
        author=author,
        source=f"rollback:{number}" + (f":{','.join(lists)}" if which else ""),
        progress=progress,
        refuse_unchanged=refuse_unchanged,
    )


def rebuild_index(app: Flask, progress: Progress | None = None) -> Path:
    """Rebuild this node's index of the published version (the store is the truth)."""
    home = Path(app.config["LOOKUP_HOME"])
    create_schema(app)
    with session_factory(app)() as session:
        number = store.current_version(session)
        items = store.items_of(number, session=session)
    if not number:
        # Otherwise an empty "version 0" index was built and reported as rebuilt.
        raise LookupServiceError("尚未发布任何清单，请先运行 `lookup init`。", code="no_version")
    seg = get_segmenter(vocabularies.vocabulary_in_effect(app)[1], home / "cache")
    folder = indexer.version_dir(home, number, seg.vocab.digest)
    with indexer.build_lock(home):
        # Build beside the old index and swap by two renames: workers keep reading the old
        # one until the new one is complete and checked.
        scratch = home / f".rebuild-{os.getpid()}"
        try:
            built = indexer.build(scratch, number, items, seg, progress=progress)
            aside = folder.with_name(f".old-{folder.name}-{os.getpid()}")
            if folder.exists():
                os.rename(folder, aside)
            os.rename(built, folder)
            shutil.rmtree(aside, ignore_errors=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return folder
