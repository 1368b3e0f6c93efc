"""`lookup publish|versions|rollback|withdraw` with official details and dates."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from xlsx_factory import item_row, official_list, rows_of

from lookup.core import clock
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.models import AuditEntry, Draft


def draft_of(runner, path, *options) -> int:
    result = runner.invoke(args=["import", str(path), "--list", "abolished", *options])
    assert result.exit_code == 0, result.output
    with session_factory()() as session:
        return session.scalar(select(Draft.id).order_by(Draft.id.desc()))


def one_more(tmp_path):
    rows = rows_of(store.items_of(1, "abolished"), renumber=True)
    return official_list(tmp_path / "a.xlsx", [*rows, item_row(217, "测试专用鸭梨证明")])


def test_publish_with_details_and_a_future_date_announces_the_version(runner, tmp_path):
    draft_id = draft_of(runner, one_more(tmp_path))
    effective = clock.today() + timedelta(days=14)
    result = runner.invoke(
        args=[
            "publish", str(draft_id), "--yes", "--doc-number", "平司〔2026〕12号",
            "--issued-on", clock.today().isoformat(), "--effective-on", effective.isoformat(),
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"已发布为版本 2，自 {clock.chinese_date(effective)}起施行（已公告）" in result.output
    assert store.current_version() == 1
    listing = runner.invoke(args=["versions"]).output
    assert "版本 2（已公告，尚未施行）" in listing
    assert f"平司〔2026〕12号　施行 {effective.isoformat()}" in listing
    assert "版本 1（现行）" in listing
    published = store.version_info(2)["published_at"]
    assert clock.beijing(published) in listing  # Beijing time, not the stored UTC

    refused = runner.invoke(args=["withdraw", "2", "--yes"])
    assert refused.exit_code == 2  # --reason is required
    done = runner.invoke(args=["withdraw", "2", "--reason", "文号有误", "--yes"])
    assert done.exit_code == 0, done.output
    assert "已撤回第 2 版；现行清单为第 1 版" in done.output
    assert "版本 2" not in runner.invoke(args=["versions"]).output
    assert "文号有误" in runner.invoke(args=["versions", "--all"]).output


def test_bad_dates_are_refused_before_anything_happens(runner, tmp_path):
    draft_id = draft_of(runner, one_more(tmp_path))
    result = runner.invoke(args=["publish", str(draft_id), "--yes", "--effective-on", "明年"])
    assert result.exit_code == 1
    assert "施行日期「明年」不是日期" in result.output
    assert store.latest_version() == 1


def test_a_large_removal_needs_its_count(runner, tmp_path):
    police = [i for i in store.items_of(1, "abolished") if i["requiring_department"] == "市公安局"]
    path = official_list(tmp_path / "police.xlsx", rows_of(police[1:]))
    draft_id = draft_of(runner, path)  # the CLI takes FILE as the whole list
    result = runner.invoke(args=["publish", str(draft_id), "--yes"])
    assert result.exit_code == 1
    assert "删除 196 项" in result.output
    assert "加 --confirm-removals 196" in result.output
    declined = runner.invoke(args=["publish", str(draft_id)], input="y\nn\n")
    assert declined.exit_code == 1
    assert store.current_version() == 1
    accepted = runner.invoke(args=["publish", str(draft_id)], input="y\ny\n")
    assert accepted.exit_code == 0, accepted.output
    assert len(store.items_of(2, "abolished")) == 20


def test_import_of_a_departments_rows_hints_and_scopes(runner, tmp_path):
    police = [i for i in store.items_of(1, "abolished") if i["requiring_department"] == "市公安局"]
    path = official_list(tmp_path / "police.xlsx", rows_of(police[1:]))
    whole = runner.invoke(args=["import", str(path), "--list", "abolished"])
    assert "删除 196 项" in whole.output
    assert "请加 --department auto" in whole.output
    scoped = runner.invoke(
        args=["import", str(path), "--list", "abolished", "--department", "auto"]
    )
    assert (
        "与当前版本 1 相比（仅「市公安局」的事项）：新增 0 项，删除 1 项，修改 0 项"
        in scoped.output
    )


def test_rollback_of_one_list_from_the_command_line_is_audited(runner, app):
    from support import publish

    publish(
        app,
        {
            "abolished": [dict(i) for i in store.items_of(1, "abolished")][1:],
            "retained": [dict(i) for i in store.items_of(1, "retained")][1:],
        },
    )
    result = runner.invoke(args=["rollback", "1", "--list", "retained"])
    assert result.exit_code == 0, result.output
    assert "已将版本 1 的保留清单内容发布为新版本 3" in result.output
    assert store.items_of(3, "retained") == store.items_of(1, "retained")
    assert store.items_of(3, "abolished") == store.items_of(2, "abolished")
    again = runner.invoke(args=["rollback", "1", "--list", "retained"])
    assert again.exit_code == 1
    assert "回滚不会带来任何变化" in again.output
    with session_factory()() as session:
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "rollback"))
    assert detail.startswith("回滚保留清单到版本 1")
