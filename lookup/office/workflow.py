"""The office's workflow, one way for the web and the command line alike.

Import a spreadsheet into a draft (the whole list, or one department's items), publish a draft
with its official details (at once or from a future 施行日期), roll one list or both back to an
earlier version, withdraw an erroneous or announced version, discard drafts, edit one item.
Every step checks what the state allows (`lookup.office.guards`: no draft with errors, no
publish that changes nothing, large removals confirmed by their count, versions in the order
they take effect, one publish at a time), is written to the audit log with who did it, and
runs in the background (web) or in the foreground with progress (command line). Callers only
parse input and show the outcome; refusals are `LookupServiceError`s that say what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from lookup.core import clock
from lookup.core.errors import BadRequest, Conflict, ImportFileError
from lookup.core.fields import LIST_SHORT, LISTS
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.importer import ImportResult, read_table
from lookup.office import audit, drafts, guards, jobs, publishing
from lookup.office.audit import Actor

Progress = Callable[[str], None]
INLINE_BYTES = 256 * 1024  # larger uploads are read in the background
DETECT = drafts.DETECT


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
    sheet: str | None = None,
    department: str | None = DETECT,
) -> tuple[ImportResult, int | None, dict | None]:
    """Read a spreadsheet as the new content of a list (or, with `department`, of that
    department's items; DETECT: when every row names one department) and keep it as a draft.

    Returns the importer's result, the draft id (None when the file has errors and
    `keep_errors` is off: nothing is kept) and the plan against the published list (clean
    imports only). A file that cannot be read at all raises `ImportFileError`.
    """
    try:
        result = read_table(
            source,
            list_kind,
            filename=filename,
            column_map=column_map,
            progress=progress,
            sheet=sheet,
        )
    except ImportFileError as exc:
        audit.record("upload_rejected", f"{filename}：{exc.message}", actor=actor, app=app)
        raise
    draft_id, planned = None, None
    with session_factory(app)() as session:
        if result.ok or keep_errors:
            draft = drafts.save_import(session, result, filename, actor.name, department)
            draft_id, scope = draft.id, (draft.report or {}).get("department")
        else:
            scope = None if department == DETECT else department
        if result.ok:
            planned = publishing.plan(session, list_kind, result.rows, department=scope)
    scope_text = f"，仅{scope}的事项" if scope else ""
    audit.record(
        "upload",
        f"{LIST_SHORT[list_kind]} {filename}：读取 {result.rows_read} 行，"
        f"{len(result.errors)} 个错误{scope_text}"
        + (f"（草稿 {draft_id}）" if draft_id else "（未保存）"),
        actor=actor,
        app=app,
    )
    return result, draft_id, planned


def upload(
    app: Flask, data: bytes, list_kind: str, filename: str, actor: Actor, sheet: str | None = None
) -> int:
    """An upload from the office pages: small files are read now, long lists in the
    background (longer than a worker may spend on one request). Returns the draft id."""
    if len(data) <= app.config.get("UPLOAD_INLINE_BYTES", INLINE_BYTES):
        return import_spreadsheet(
            app, data, list_kind, filename=filename, actor=actor, sheet=sheet
        )[1]
    with session_factory(app)() as session:
        draft = drafts.start_upload(session, list_kind, filename, actor.name, jobs.job_info())
        draft_id = draft.id
    audit.record(
        "upload",
        f"{LIST_SHORT[list_kind]} {filename}（草稿 {draft_id}，后台读取）",
        actor=actor,
        app=app,
    )
    jobs.read_upload(app, draft_id, data, list_kind, filename, sheet)
    return draft_id


def set_department(app: Flask, draft_id: int, department: str | None, *, actor: Actor) -> None:
    """Choose what an open draft replaces: one department's items, or (None) the whole list."""
    with session_factory(app)() as session:
        draft = drafts.get(session, draft_id)
        if draft.status != "open" or draft.list not in LISTS:
            raise Conflict("只有未发布的清单草稿可以更改更新范围。")
        drafts.set_department(session, draft, (department or "").strip()[:200] or None)
    what = f"仅更新{department}的事项" if department else "更新整份清单"
    audit.record("draft_scope", f"草稿 {draft_id}：{what}", actor=actor, app=app)


def publish_draft(
    app: Flask,
    draft_id: int,
    *,
    note: str,
    actor: Actor,
    background: bool,
    progress: Progress | None = None,
    details: dict | None = None,
    confirm_removals: int | None = None,
) -> int | None:
    """Publish a clean, open draft as the new content of its list (or of its department).

    `details` come from `office.publication.details` (文号, issuing body, dates; a future
    施行日期 schedules the version). In the background (web) the draft's page follows the
    job; in the foreground (command line) the new version number is returned. Refused: see
    `guards.check_draft`, and any publish while another one runs.
    """
    details = details or {}
    guards.check_draft(app, draft_id, details, confirm_removals)
    with session_factory(app)() as session:
        draft = drafts.get(session, draft_id)
        list_kind, filename, report = draft.list, draft.filename, dict(draft.report or {})
    guards.claim(app, draft_id, actor)
    department = report.get("department")
    note = (note or "").strip() or _default_note(report, filename, department)
    when = details.get("effective_at")
    audit.record(
        "publish",
        f"发布草稿 {draft_id}（{filename}）：{note}"
        + (f"；自 {clock.beijing(when, '%Y-%m-%d')} 起施行" if when else ""),
        actor=actor,
        app=app,
    )

    def work(say: Progress) -> int:
        with session_factory(app)() as session:
            rows = drafts.get(session, draft_id, rows=True).rows
        return publishing.publish_lists(
            app,
            {list_kind: rows},
            note=note,
            author=actor.name,
            source=f"draft:{draft_id}",
            progress=say,
            details=details,
            departments={list_kind: department} if department else None,
            refuse_unchanged=True,
        )

    return _run(app, draft_id, work, background, progress)


def _default_note(report: dict, filename: str, department: str | None) -> str:
    if report.get("source") == "edit":
        return filename  # 修改：… / 新增：…
    return f"导入 {filename}" + (f"（仅{department}的事项）" if department else "")


def roll_back(
    app: Flask,
    number: int,
    *,
    actor: Actor,
    background: bool,
    progress: Progress | None = None,
    lists: tuple[str, ...] = LISTS,
) -> tuple[int, int | None]:
    """Publish version `number`'s content of `lists` again as a new version (a draft row
    tracks the job); the other list stays as it is. Returns the tracking draft's id and, in
    the foreground, the new version number."""
    lists = tuple(k for k in LISTS if k in lists) or LISTS
    guards.check_rollback(app, number, lists)
    which = "" if lists == LISTS else "、".join(LIST_SHORT[k] for k in lists)
    with session_factory(app)() as session:
        guards.refuse_when_busy(app, session, actor, f"回滚{which}到版本 {number}")
        draft_id = drafts.save_rollback(session, number, lists, actor.name).id
    guards.claim(app, draft_id, actor)
    audit.record("rollback", f"回滚{which}到版本 {number}（任务 {draft_id}）", actor=actor, app=app)

    def work(say: Progress) -> int:
        return publishing.republish(
            app, number, author=actor.name, lists=lists, progress=say, refuse_unchanged=True
        )

    return draft_id, _run(app, draft_id, work, background, progress, fail_status="failed")


def withdraw(app: Flask, number: int, *, reason: str, actor: Actor) -> dict:
    """Take the newest version out of public view: an announced one before its 施行日期, or
    an erroneous current one (the version before it answers again). The version stays in the
    store and the audit log. Returns the version as it was and the version now current."""
    reason = (reason or "").strip()
    if not reason:
        raise BadRequest("reason_required", "请写明撤回的原因（会记入操作记录）。")
    with (
        session_factory(app)() as session,
        publishing.publish_lease(session, f"{actor.name}：撤回第 {number} 版"),
    ):
        info = store.version_info(number, session)
        if info is None:
            raise publishing.unknown_version(number)
        latest = store.latest_version(session)
        if number != latest:
            raise Conflict(
                f"只能撤回最新的版本（第 {latest} 版）；要撤销更早的调整，请回滚。",
                "not_latest",
            )
        if info["state"] == "current" and not store.previous_version(number, session):
            raise Conflict("这是唯一的版本，撤回后将没有可查询的清单，不能撤回。", "only_version")
        store.withdraw(session, number, by=actor.name, reason=reason[:500])
        now = store.current_version(session)
    what = "尚未施行的" if info["state"] == "scheduled" else ""
    audit.record(
        "withdraw",
        f"撤回{what}第 {number} 版：{reason}；现行版本为第 {now} 版",
        actor=actor,
        app=app,
    )
    return {"version": info, "current": now}


def discard(app: Flask, draft_id: int, *, actor: Actor) -> None:
    """Discard an open draft; nothing is published."""
    discard_many(app, [draft_id], actor=actor, strict=True)


def discard_many(
    app: Flask, draft_ids: list[int], *, actor: Actor, strict: bool = False
) -> list[int]:
    """Discard open drafts (the dashboard's bulk discard); returns the ids discarded. With
    `strict`, a draft that is not open is refused instead of skipped."""
    done: list[tuple[int, str]] = []
    with session_factory(app)() as session:
        for draft_id in draft_ids:
            draft = drafts.get(session, draft_id)
            if draft.status != "open":
                if strict:
                    raise Conflict("只有未发布的草稿可以放弃。")
                continue
            draft.status = "discarded"
            done.append((draft_id, draft.filename))
        session.commit()
    for draft_id, filename in done:
        audit.record("discard", f"放弃草稿 {draft_id}（{filename}）", actor=actor, app=app)
    return [d for d, _ in done]


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


def _run(app, draft_id, work, background, progress, *, fail_status="open") -> int | None:
    if background:
        jobs.start(app, draft_id, work, fail_status=fail_status)
        return None
    return jobs.run(
        app, draft_id, work, fail_status=fail_status, progress=progress, raise_errors=True
    )
