"""The office's workflow: department updates, large removals, per-list rollback, no-op refusals,
default notes and bulk discard — the same for the web and the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from xlsx_factory import official_list, rows_of

from lookup.core.errors import Conflict, DraftRefused
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.models import AuditEntry, Draft
from lookup.office import guards, workflow
from lookup.office.audit import Actor

CLERK = Actor("publisher1", "127.0.0.1")
POLICE = "市公安局"


def police_items(version=None):
    return [i for i in store.items_of(version, "abolished") if i["requiring_department"] == POLICE]


def police_update(tmp_path):
    """市公安局 sends its own rows: one dropped, one changed, one new."""
    items = police_items()
    rows = rows_of(items[1:])
    rows[0][6] = "数据共享：公安部门网络核验"
    rows.append([99, "测试专用鸭梨证明", "测试事项办理", POLICE, "派出所", "", "告知承诺", ""])
    return official_list(tmp_path / "公安局.xlsx", rows), items


def without_position(items):
    return [{k: v for k, v in i.items() if k != "position"} for i in items]


def upload(app, path, **options):
    result, draft_id, planned = workflow.import_spreadsheet(
        app, path, "abolished", filename=path.name, actor=CLERK, **options
    )
    assert result.ok, [str(p) for p in result.errors]
    return draft_id, planned


def test_a_departments_rows_are_detected_and_touch_only_its_items(app, tmp_path):
    path, police = police_update(tmp_path)
    others = [i for i in store.items_of(1, "abolished") if i["requiring_department"] != POLICE]
    draft_id, planned = upload(app, path)
    assert planned["department"] == POLICE
    assert planned["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert [i["id"] for i in planned["diff"]["removed"]] == [police[0]["id"]]
    assert [c["id"] for c in planned["diff"]["changed"]] == [police[1]["id"]]
    number = workflow.publish_draft(app, draft_id, note="", actor=CLERK, background=False)
    after = store.items_of(number, "abolished")
    assert len(after) == 216
    kept = [i for i in after if i["requiring_department"] != POLICE]
    assert without_position(kept) == without_position(others)  # untouched, in their order
    first = min(i["position"] for i in police)
    assert after[first]["id"] == police[1]["id"]  # the department's rows stand where they stood
    assert [i["id"] for i in police_items(number)][:-1] == [i["id"] for i in police[1:]]
    assert store.version_info(number)["note"] == "导入 公安局.xlsx（仅市公安局的事项）"


def test_the_whole_list_is_replaced_when_asked(app, tmp_path):
    path, _ = police_update(tmp_path)
    draft_id, planned = upload(app, path, department=None)
    assert planned["department"] is None
    assert planned["summary"]["removed"] == 216 - 20
    with pytest.raises(guards.RemovalsUnconfirmed) as refused:
        workflow.publish_draft(app, draft_id, note="", actor=CLERK, background=False)
    assert refused.value.count == 196
    assert "删除 196 项（共 216 项，占 90%）" in refused.value.message
    assert "请确认删除 196 项后再发布" in refused.value.message
    with pytest.raises(guards.RemovalsUnconfirmed):
        workflow.publish_draft(
            app, draft_id, note="", actor=CLERK, background=False, confirm_removals=195
        )
    assert store.current_version() == 1
    number = workflow.publish_draft(
        app, draft_id, note="", actor=CLERK, background=False, confirm_removals=196
    )
    assert len(store.items_of(number, "abolished")) == 21


def test_a_department_update_with_another_departments_row_is_refused(app, tmp_path):
    path, _ = police_update(tmp_path)
    draft_id, _ = upload(app, path)
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        draft.rows = [
            *draft.rows,
            dict(draft.rows[0], name="别的证明", requiring_department="市民政局", row=30),
        ]
        session.commit()
    with pytest.raises(DraftRefused, match="第 30 行的索要单位是其他单位"):
        workflow.publish_draft(app, draft_id, note="", actor=CLERK, background=False)


def test_a_publish_that_changes_nothing_is_refused(app, tmp_path):
    path = official_list(tmp_path / "same.xlsx", rows_of(store.items_of(1, "abolished")))
    draft_id, planned = upload(app, path)
    assert planned["summary"] == {"added": 0, "removed": 0, "changed": 0}
    with pytest.raises(Conflict) as refused:
        workflow.publish_draft(app, draft_id, note="再发一次", actor=CLERK, background=False)
    assert refused.value.code == "no_changes"
    assert store.current_version() == 1
    with session_factory(app)() as session:
        assert session.get(Draft, draft_id).status == "open"


def test_rollback_of_one_list_leaves_the_other(app, tmp_path):
    from support import publish

    abolished = [dict(i) for i in store.items_of(1, "abolished")][1:]
    retained = [dict(i) for i in store.items_of(1, "retained")][1:]
    publish(app, {"abolished": abolished, "retained": retained})
    _, number = workflow.roll_back(app, 1, actor=CLERK, background=False, lists=("abolished",))
    assert number == 3
    assert store.items_of(3, "abolished") == store.items_of(1, "abolished")
    assert store.items_of(3, "retained") == store.items_of(2, "retained")
    assert store.version_info(3)["note"] == "回滚取消清单到版本 1 的内容"
    assert store.version_info(3)["summary"]["retained"] == {"added": 0, "removed": 0, "changed": 0}
    # the abolished list is already version 1's: rolling it back again changes nothing
    with pytest.raises(Conflict) as refused:
        workflow.roll_back(app, 1, actor=CLERK, background=False, lists=("abolished",))
    assert refused.value.code == "no_changes"
    assert "第 1 版的取消清单与当前版本（第 3 版）完全相同" in refused.value.message
    _, number = workflow.roll_back(app, 1, actor=CLERK, background=False, lists=("retained",))
    assert store.items_of(number) == store.items_of(1)


def test_rolling_back_to_the_current_content_is_refused(app):
    with pytest.raises(Conflict, match="回滚不会带来任何变化"):
        workflow.roll_back(app, 1, actor=CLERK, background=False)
    assert [v["number"] for v in store.versions()] == [1]


def test_an_edit_published_without_a_note_is_recorded_as_the_edit(app):
    item = store.items_of(1, "abolished")[2]
    values = {
        k: item[k]
        for k in (
            "seq",
            "name",
            "matter",
            "requiring_department",
            "issuing_authority",
            "basis",
            "replacement",
            "note",
        )
    }
    draft_id = workflow.edit_item(app, "abolished", item, {**values, "note": "新备注"}, actor=CLERK)
    number = workflow.publish_draft(app, draft_id, note="", actor=CLERK, background=False)
    assert store.version_info(number)["note"] == f"修改：{item['name']}"


def test_bulk_discard_skips_drafts_that_are_not_open(app, tmp_path):
    path, _ = police_update(tmp_path)
    ids = [upload(app, path)[0] for _ in range(3)]
    workflow.discard(app, ids[0], actor=CLERK)
    with pytest.raises(Conflict):
        workflow.discard(app, ids[0], actor=CLERK)
    assert workflow.discard_many(app, ids, actor=CLERK) == ids[1:]
    with session_factory(app)() as session:
        statuses = session.scalars(select(Draft.status).where(Draft.id.in_(ids))).all()
        discards = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "discard")
        ).all()
    assert set(statuses) == {"discarded"}
    assert len(discards) == 3


def test_the_sample_flag_follows_the_content(app, tmp_path):
    assert store.current_info() == {"number": 1, "sample": True}
    path, _ = police_update(tmp_path)
    draft_id, _ = upload(app, path)
    workflow.publish_draft(app, draft_id, note="正式清单", actor=CLERK, background=False)
    assert store.current_info() == {"number": 2, "sample": False}
    workflow.roll_back(app, 1, actor=CLERK, background=False)
    assert store.current_info() == {"number": 3, "sample": True}
