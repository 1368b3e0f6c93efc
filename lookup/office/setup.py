"""Setting a node up: the store's schema, the shipped lists as the first version, the index."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from lookup.core.errors import LookupServiceError
from lookup.core.fields import LISTS
from lookup.lists import backup, store
from lookup.lists.db import session_factory
from lookup.lists.importer import read_table
from lookup.lists.schema import create_schema
from lookup.office import engines, publishing
from lookup.search import indexer
from lookup.search.engine import load_engine

SHIPPED = {"abolished": "abolished.xlsx", "retained": "retained.xlsx"}


def init(app: Flask, progress: Callable[[str], None] | None = None) -> str:
    """Create the tables; load data/ as the first version when nothing is published; make
    sure this node has the index of the published version. Returns what was done."""
    create_schema(app)
    with session_factory(app)() as session:
        number = store.current_version(session)
        items = store.items_of(number, session=session) if number else []
    if number:
        load_engine(engines.settings(app), number, items).close()  # builds a missing index
        return f"数据库已有已发布版本 {number}，索引已就绪。"
    content = {}
    for list_kind in LISTS:
        path = Path(app.config["DATA_DIR"]) / SHIPPED[list_kind]
        result = read_table(path, list_kind, filename=path.name)
        if not result.ok:
            raise LookupServiceError(
                f"{path} 有错误，无法初始化：\n" + "\n".join(str(p) for p in result.errors)
            )
        content[list_kind] = result.rows
    number = publishing.publish_lists(
        app,
        content,
        note="初始示例清单（待导入正式清单）",
        author="system",
        source="data/",
        progress=progress,
        only_if_empty=True,
        sample=True,
    )
    return f"已从 data/ 载入并发布版本 {number}。"


def restore(app: Flask, path: Path) -> dict[str, int]:
    """Replace the store's content with a backup (all or nothing), holding the publish lease
    so that no publish interleaves; returns rows per table. This node's indexes may be of other
    content under the same version numbers: they are dropped, and the next request (or
    `lookup index rebuild`) builds the restored published version afresh."""
    create_schema(app)
    with session_factory(app)() as session, publishing.publish_lease(session, "恢复备份"):
        counts = backup.restore(app, path)
    shutil.rmtree(indexer.indexes_root(app.config["LOOKUP_HOME"]), ignore_errors=True)
    return counts
