"""What the office's workflow checks before it starts a publish, a rollback or a withdrawal.

Each check raises a `LookupServiceError` whose message says what to do; `lookup.office.workflow`
runs them before it claims a draft, so that a refusal is shown at once on the page (or the
command line) instead of after a background job. `publishing.publish_lists` repeats the ones
that depend on the store's state under the publish lease.
"""

from __future__ import annotations

from flask import Flask

from lookup.core.errors import Conflict, DraftRefused, PublishBusy
from lookup.core.fields import LIST_SHORT, LISTS
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.identity import diff_items
from lookup.lists.models import Draft
from lookup.office import audit, drafts, jobs, publishing, schedule
from lookup.office.audit import Actor


class RemovalsUnconfirmed(Conflict):
    """An upload would remove a large share of a list and nobody confirmed that count."""

    code = "confirm_removals"

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def check_draft(app: Flask, draft_id: int, details: dict, confirm_removals: int | None) -> dict:
    """A draft that may be published now: clean, within its department, changing something,
    in order with announced versions, its large removals confirmed. Returns its plan."""
    with session_factory(app)() as session:
        draft = drafts.get(session, draft_id, rows=True)
        report = draft.report or {}
        if draft.list not in LISTS:
            raise DraftRefused(f"草稿 {draft_id} 不是清单草稿，不能发布。")
        if report.get("errors"):
            raise DraftRefused(
                f"这份草稿有 {report['errors']} 个错误，不能发布；请放弃它，修改文件后重新上传。"
            )
        if draft.status not in ("open", "publishing"):
            return {}  # the claim refuses it with the right message
        department = report.get("department")
        if department:
            _check_department(draft.rows or [], department)
        planned = publishing.plan(session, draft.list, draft.rows or [], department=department)
        if planned["base_version"] and not any(planned["summary"].values()):
            raise publishing.unchanged(planned["base_version"])
        schedule.check_order(session, details.get("effective_at"))
    share = float(app.config.get("REMOVAL_CONFIRM_SHARE", 0.2))
    count = drafts.removals_to_confirm(planned, share)
    if count is not None and confirm_removals != count:
        total = planned["base_count"]
        raise RemovalsUnconfirmed(
            f"这次发布将从{LIST_SHORT[draft.list]}删除 {count} 项（共 {total} 项，"
            f"占 {count * 100 // max(total, 1)}%）。如果这份文件只是部分单位的事项，请选择"
            f"“仅更新该单位的事项”；确实要删除，请确认删除 {count} 项后再发布。",
            count,
        )
    return planned


def _check_department(rows: list[dict], department: str) -> None:
    outside = publishing.outside_department(rows, department)
    if outside:
        where = "、".join(str(r.get("row") or "?") for r in outside[:10])
        raise DraftRefused(
            f"按“仅更新{department}的事项”发布，但第 {where} 行的索要单位是其他单位；"
            "请只上传该单位的事项，或改为更新整份清单。"
        )


def check_rollback(app: Flask, number: int, lists: tuple[str, ...]) -> None:
    """A rollback that changes something, to a version in effect, with nothing announced."""
    with session_factory(app)() as session:
        info = store.version_info(number, session)
        if info is None:
            raise publishing.unknown_version(number)
        if info["state"] == "scheduled":
            raise Conflict(f"第 {number} 版尚未施行，不能回滚到它。", "not_in_effect")
        schedule.check_order(session, None)
        latest = store.latest_version(session)
        for list_kind in lists:
            target = store.items_of(number, list_kind, session)
            now = store.items_of(latest, list_kind, session)
            if any(diff_items(now, target).values()):
                return
    which = "、".join(LIST_SHORT[k] for k in lists)
    raise Conflict(
        f"第 {number} 版的{which}与当前版本（第 {latest} 版）完全相同，回滚不会带来任何变化，"
        "已拒绝。",
        "no_changes",
    )


def refuse_when_busy(app: Flask, session, actor: Actor, what: str) -> None:
    busy = jobs.busy_detail(session)
    if busy is not None:
        audit.record("publish_busy", f"{what}：另一次发布正在进行（{busy}）", actor=actor, app=app)
        raise PublishBusy(f"正在进行另一次发布（{busy}），请等它完成后再发布。")


def claim(app: Flask, draft_id: int, actor: Actor) -> None:
    """Mark the draft as publishing, refusing while another publish runs or when another
    request claimed it first."""
    jobs.reopen_interrupted(app, draft_id)
    with session_factory(app)() as session:
        row = session.get(Draft, draft_id)
        if row is not None and row.status == "open":
            refuse_when_busy(app, session, actor, f"草稿 {draft_id}")
    if not jobs.claim(app, draft_id):
        raise Conflict("这份草稿已在发布中或已处理，无需再次发布。")
