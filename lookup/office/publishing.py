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

from lookup.core.errors import LookupServiceError, NotFound, PublishBusy
from lookup.core.fields import LISTS, classify_method
from lookup.lists import lease, store
from lookup.lists.db import session_factory
from lookup.lists.identity import assign_ids, diff_items
from lookup.lists.schema import create_schema
from lookup.office import vocabularies
from lookup.search import indexer
from lookup.search.analysis import get_segmenter

LEASE = "publish"
LEASE_TTL = 900.0

Progress = Callable[[str], None]


def plan(session, list_kind: str, rows: list[dict]) -> dict:
    """Ids for the new rows of a list, and what changes against the published version."""
    current = store.items_of(list_kind=list_kind, session=session)
    # Rows that carry ids (a rollback) keep them; rows from a spreadsheet are matched.
    items = (
        [dict(r) for r in rows]
        if all(r.get("id") for r in rows)
        else assign_ids(list_kind, rows, current)
    )
    for item in items:
        item.pop("_previous", None)
        item["list"] = list_kind
        item["method"] = classify_method(item.get("replacement", ""))
    changes = diff_items(current, items)
    return {
        "items": items,
        "diff": changes,
        "summary": {k: len(v) for k, v in changes.items()},
        "base_version": store.current_version(session),
    }


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


def publish_lists(
    app: Flask,
    changes: dict[str, list[dict]],
    *,
    note: str,
    author: str,
    source: str,
    progress: Progress | None = None,
    only_if_empty: bool = False,
) -> int:
    """Publish new content for one or both lists; the other list is carried over unchanged.

    With `only_if_empty` (`lookup init`), nothing happens when a version is already published
    by the time the lease is held: two nodes initialising one database publish once.
    """
    say = progress or (lambda _m: None)
    with session_factory(app)() as session, publish_lease(session, f"{author}：{source}"):
        store.discard_unfinished(session)
        base = store.current_version(session)
        if only_if_empty and base:
            return base
        by_list: dict[str, list[dict]] = {}
        summary: dict[str, dict] = {}
        for list_kind in LISTS:
            if list_kind in changes:
                planned = plan(session, list_kind, changes[list_kind])
                by_list[list_kind] = planned["items"]
                summary[list_kind] = planned["summary"]
            else:
                by_list[list_kind] = store.items_of(base, list_kind, session) if base else []
                summary[list_kind] = {"added": 0, "removed": 0, "changed": 0}
        say("写入数据库")
        number = store.create_version(
            session, by_list, note=note, author=author, source=source, summary=summary
        )
        say(f"建立索引（版本 {number}）")
        items = store.items_of(number, session=session)
        home = Path(app.config["LOOKUP_HOME"])
        _, vocabulary = vocabularies.vocabulary_in_effect(app, session)
        seg = get_segmenter(vocabulary, home / "cache")
        with indexer.build_lock(home):
            indexer.build(home, number, items, seg, progress=say)
        store.mark_published(session, number)
        say(f"已发布版本 {number}")
        return number


def unknown_version(number: int) -> NotFound:
    return NotFound("unknown_version", f"版本 {number} 不存在或未发布。")


def republish(app: Flask, number: int, *, author: str, progress: Progress | None = None) -> int:
    """Publish the content of an earlier version as a new version (a rollback); history stays."""
    with session_factory(app)() as session:
        if store.version_info(number, session) is None:
            raise unknown_version(number)
        items = store.items_of(number, session=session)
    content = {k: [dict(i) for i in items if i["list"] == k] for k in LISTS}
    return publish_lists(
        app,
        content,
        note=f"回滚到版本 {number} 的内容",
        author=author,
        source=f"rollback:{number}",
        progress=progress,
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
