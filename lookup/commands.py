"""The plain functions behind the CLI (tests call them directly)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from . import accounts, drafts, exporter, publishing, store
from .db import create_schema, get_session, session_factory
from .errors_base import LookupServiceError
from .fields import FIELD_LABELS, LIST_LABELS, LISTS
from .importer import ImportFileError, ImportResult, read_table
from .models import Draft

SHIPPED = {"abolished": "abolished.xlsx", "retained": "retained.xlsx"}


def init(app: Flask, progress: Callable[[str], None] | None = None) -> str:
    """Create the tables; load data/ as the first version when nothing is published."""
    create_schema(app)
    with session_factory(app)() as session:
        number = store.current_version(session)
    if number:
        from .searcher import load_engine

        load_engine(app, number).close()  # builds this node's index when it is missing
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
    number = publishing.publish(
        app,
        content,
        note="初始示例清单（待导入正式清单）",
        author="system",
        source="data/",
        progress=progress,
        only_if_empty=True,
    )
    return f"已从 data/ 载入并发布版本 {number}。"


def report_text(result: ImportResult, planned: dict | None) -> str:
    label = LIST_LABELS[result.list_kind]
    lines = [f"读取 {result.rows_read} 行，有效 {len(result.rows)} 项（{label}）。"]
    if planned:
        s = planned["summary"]
        lines.append(
            f"与当前版本 {planned['base_version']} 相比：新增 {s['added']} 项，"
            f"删除 {s['removed']} 项，修改 {s['changed']} 项。"
        )
    for problem in result.problems:
        level = "错误" if problem.level == "error" else "提示"
        lines.append(f"  [{level}] {problem}")
    if not result.ok:
        lines.append(f"共 {len(result.errors)} 个错误：未做任何更改。")
    return "\n".join(lines)


def import_file(
    app: Flask,
    path: Path,
    list_kind: str,
    *,
    publish: bool,
    note: str,
    author: str,
    column_map: dict | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[str, bool]:
    """Read a spreadsheet; publish it, or keep it as a draft; return (report, ok)."""
    create_schema(app)
    try:
        result = read_table(
            path,
            list_kind,
            filename=path.name,
            column_map=column_map,
            progress=(lambda n: progress(f"已读取 {n} 行")) if progress else None,
        )
    except ImportFileError as exc:
        return f"无法读取 {path.name}：{exc}", False
    if not result.ok:
        return report_text(result, None), False
    with session_factory(app)() as session:
        planned = publishing.plan(session, list_kind, result.rows)
        text = report_text(result, planned)
        if not publish:
            draft = Draft(
                list=list_kind,
                created_by=author,
                filename=path.name,
                base_version=planned["base_version"],
                rows=result.rows,
                report={"text": text, "summary": planned["summary"]},
            )
            session.add(draft)
            session.commit()
            return (
                text + f"\n已保存为草稿 {draft.id}；运行 `lookup publish {draft.id}` 发布。",
                True,
            )
    number = publishing.publish(
        app,
        {list_kind: result.rows},
        note=note or f"导入 {path.name}",
        author=author,
        source=f"import:{path.name}",
        progress=progress,
    )
    return text + f"\n已发布为版本 {number}。", True


def publish_draft(
    app: Flask,
    draft_id: int | None,
    *,
    note: str,
    author: str,
    progress: Callable[[str], None] | None = None,
) -> str:
    create_schema(app)
    with session_factory(app)() as session:
        query = select(Draft).where(Draft.status == "open")
        if draft_id is not None:
            query = query.where(Draft.id == draft_id)
        draft = session.scalar(query.order_by(Draft.id.desc()))
        if draft is None:
            raise LookupServiceError("没有待发布的草稿。", code="no_draft")
    number = drafts.publish(app, draft.id, note=note, author=author, progress=progress)
    with session_factory(app)() as session:
        row = session.get(Draft, draft.id)
        row.status, row.published_version = "published", number
        session.commit()
    return f"草稿 {draft.id} 已发布为版本 {number}。"


def versions_text() -> str:
    create_schema()  # on a home never initialised: "no versions", not "no such table"
    lines = []
    for v in store.versions():
        counts = "，".join(f"{LIST_LABELS[k]} {n} 项" for k, n in v["counts"].items())
        lines.append(
            f"版本 {v['number']}  {v['published_at'] or v['created_at']}  "
            f"{v['author']}  {v['note']}  （{counts}）"
        )
    return "\n".join(lines) or "尚无已发布版本。"


def diff_text(a: int, b: int) -> str:
    create_schema()
    for n in (a, b):
        if store.version_info(n) is None:
            raise LookupServiceError(f"版本 {n} 不存在。", code="unknown_version")
    changes = store.diff(a, b)
    lines = [f"版本 {a} → {b}："]
    for list_kind, part in changes.items():
        lines.append(
            f"{LIST_LABELS[list_kind]}：新增 {len(part['added'])}，删除 "
            f"{len(part['removed'])}，修改 {len(part['changed'])}"
        )
        lines += [f"  + {i['name']}（{i['matter']}）" for i in part["added"]]
        lines += [f"  - {i['name']}（{i['matter']}）" for i in part["removed"]]
        for c in part["changed"]:
            fields = "、".join(FIELD_LABELS[f] for f in c["fields"])
            lines.append(f"  ~ {c['after']['name']}：{fields}")
    return "\n".join(lines)


def rollback(
    app: Flask, number: int, *, author: str, progress: Callable[[str], None] | None = None
) -> str:
    create_schema(app)
    new = publishing.rollback(app, number, author=author, progress=progress)
    return f"已将版本 {number} 的内容发布为新版本 {new}。"


def export(list_kind: str, fmt: str) -> tuple[bytes, str]:
    create_schema()
    version = store.current_version()
    items = store.items_of(version, list_kind)
    stem = f"平湖市{LIST_LABELS[list_kind]}-v{version}"
    if fmt == "csv":
        return exporter.export_csv(items, list_kind), stem + ".csv"
    if fmt == "json":
        return exporter.export_json(items, list_kind, version=version), stem + ".json"
    return exporter.export_xlsx(items, list_kind, version=version), stem + ".xlsx"


def add_user(name: str, role: str, password: str) -> str:
    create_schema()
    accounts.create_user(get_session(), name, role, password)
    return f"已添加用户 {name}（{role}）。"
