"""The office's workflow, one way for the web and the command line alike.

Import a spreadsheet into a draft, publish a draft, roll back to an earlier version, discard a
draft, edit one item. Every step checks what the state allows (a draft with errors is never
published; one publish at a time), is written to the audit log with who did it, and runs in the
background (web) or in the foreground with progress (command line). Callers only parse input
and show the outcome; refusals are `LookupServiceError`s whose message says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from lookup.core.errors import Conflict, DraftRefused, ImportFileError, PublishBusy
from lookup.core.fields import LIST_SHORT, LISTS
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.importer import ImportResult, read_table
from lookup.lists.models import Draft
from lookup.office import audit, drafts, jobs, publishing
from lookup.office.audit import Actor

Progress = Callable[[str], None]
INLINE_BYTES = 256 * 1024  # larger uploads are read in the background


def import_spreadsheet(
    app: Flask,
    source: Path | bytes,
    list_kind: str,
    *,
    filename: str,
    actor: Actor,
    column_map: dict[str, str] | None = None,
    keep_errors: bool = True,
    progress: Callable[[int], None] | None = None,
) -> tuple[ImportResult, int | None, dict | None]:
    """Read a spreadsheet as the complete new content of a list and keep it as a draft.

    Returns the importer's result, the draft id (None when the file has errors and
    `keep_errors` is off: nothing is kept) and the plan against the published list (clean
    imports only). A file that cannot be read at all raises `ImportFileError`.
    """
    try:
        result = read_table(
            source, list_kind, filename=filename, column_map=column_map, progress=progress
        )
    except ImportFileError as exc:
        audit.record("upload_rejected", f"{filename}：{exc.message}", actor=actor, app=app)
        raise
    draft_id, planned = None, None
    with session_factory(app)() as session:
        if result.ok:
            planned = publishing.plan(session, list_kind, result.rows)
        if result.ok or keep_errors:
            draft_id = drafts.save_import(session, result, filename, actor.name).id
    audit.record(
        "upload",
        f"{LIST_SHORT[list_kind]} {filename}：读取 {result.rows_read} 行，"
        f"{len(result.errors)} 个错误" + (f"（草稿 {draft_id}）" if draft_id else "（未保存）"),
        actor=actor,
        app=app,
    )
    return result, draft_id, planned


def upload(app: Flask, data: bytes, list_kind: str, filename: str, actor: Actor) -> int:
    """An upload from the office pages: small files are read now, long lists in the
    background (longer than a worker may spend on one request). Returns the draft id."""
    if len(data) <= app.config.get("UPLOAD_INLINE_BYTES", INLINE_BYTES):
        return import_spreadsheet(app, data, list_kind, filename=filename, actor=actor)[1]
    with session_factory(app)() as session:
        draft = drafts.start_upload(session, list_kind, filename, actor.name, jobs.job_info())
        draft_id = draft.id
    audit.record(
        "upload",
        f"{LIST_SHORT[list_kind]} {filename}（草稿 {draft_id}，后台读取）",
        actor=actor,
        app=app,
    )
    jobs.read_upload(app, draft_id, data, list_kind, filename)
    return draft_id


def publish_draft(
    app: Flask,
    draft_id: int,
    *,
    note: str,
    actor: Actor,
    background: bool,
    progress: Progress | None = None,
) -> int | None:
    """Publish a clean, open draft as the new content of its list.

    In the background (web) the draft's page follows the job; in the foreground (command
    line) the new version number is returned. Refused: unknown drafts, drafts with errors,
    drafts not open, and any publish while another one runs.
    """
    with session_factory(app)() as session:
        draft = drafts.get(session, draft_id)
        list_kind, filename, report = draft.list, draft.filename, draft.report or {}
    if list_kind not in LISTS:
        raise DraftRefused(f"草稿 {draft_id} 不是清单草稿，不能发布。")
    if report.get("errors"):
        raise DraftRefused(
            f"这份草稿有 {report['errors']} 个错误，不能发布；请放弃它，修改文件后重新上传。"
        )
    _claim(app, draft_id, actor)
    note = (note or "").strip()
    audit.record("publish", f"发布草稿 {draft_id}（{filename}）：{note}", actor=actor, app=app)

    def work(say: Progress) -> int:
        with session_factory(app)() as session:
            rows = drafts.get(session, draft_id, rows=True).rows
        return publishing.publish_lists(
            app,
            {list_kind: rows},
            note=note or f"导入 {filename}",
            author=actor.name,
            source=f"draft:{draft_id}",
            progress=say,
        )

    return _run(app, draft_id, work, background, progress)


def roll_back(
    app: Flask,
    number: int,
    *,
    actor: Actor,
    background: bool,
    progress: Progress | None = None,
) -> tuple[int, int | None]:
    """Publish version `number`'s content again as a new version (a draft row tracks the job).

    Returns the tracking draft's id and, in the foreground, the new version number.
    """
    with session_factory(app)() as session:
        if store.version_info(number, session) is None:
            raise publishing.unknown_version(number)
        if number == store.current_version(session):
            raise Conflict(f"版本 {number} 已是当前版本，无需回滚。")
        _refuse_when_busy(app, session, actor, f"回滚到版本 {number}")
        draft_id = drafts.save_rollback(session, number, actor.name).id
    _claim(app, draft_id, actor)
    audit.record("rollback", f"回滚到版本 {number}（任务 {draft_id}）", actor=actor, app=app)

    def work(say: Progress) -> int:
        return publishing.republish(app, number, author=actor.name, progress=say)

    return draft_id, _run(app, draft_id, work, background, progress, fail_status="failed")


def discard(app: Flask, draft_id: int, *, actor: Actor) -> None:
    """Discard an open draft; nothing is published."""
    with session_factory(app)() as session:
        draft = drafts.get(session, draft_id)
        if draft.status != "open":
            raise Conflict("只有未发布的草稿可以放弃。")
        draft.status, filename = "discarded", draft.filename
        session.commit()
    audit.record("discard", f"放弃草稿 {draft_id}（{filename}）", actor=actor, app=app)


def edit_item(app: Flask, list_kind: str, item: dict | None, values: dict, *, actor: Actor) -> int:
    """Change one item (or add one when `item` is None) as a draft of the whole list."""
    with session_factory(app)() as session:
        item_id = item["id"] if item else None
        draft_id = drafts.save_edit(session, list_kind, item_id, values, actor.name).id
    what = f"修改 {item['name']}" if item else f"新增 {values['name']}"
    audit.record(
        "edit", f"{LIST_SHORT[list_kind]}：{what}（草稿 {draft_id}）", actor=actor, app=app
    )
    return draft_id


def _refuse_when_busy(app: Flask, session, actor: Actor, what: str) -> None:
    busy = jobs.busy_detail(session)
    if busy is not None:
        audit.record("publish_busy", f"{what}：另一次发布正在进行（{busy}）", actor=actor, app=app)
        raise PublishBusy(f"正在进行另一次发布（{busy}），请等它完成后再发布。")


def _claim(app: Flask, draft_id: int, actor: Actor) -> None:
    """Mark the draft as publishing, refusing while another publish runs or when another
    request claimed it first."""
    jobs.reopen_interrupted(app, draft_id)
    with session_factory(app)() as session:
        row = session.get(Draft, draft_id)
        if row is not None and row.status == "open":
            _refuse_when_busy(app, session, actor, f"草稿 {draft_id}")
    if not jobs.claim(app, draft_id):
        raise Conflict("这份草稿已在发布中或已处理，无需再次发布。")


def _run(app, draft_id, work, background, progress, *, fail_status="open") -> int | None:
    if background:
        jobs.start(app, draft_id, work, fail_status=fail_status)
        return None
    return jobs.run(
        app, draft_id, work, fail_status=fail_status, progress=progress, raise_errors=True
    )
