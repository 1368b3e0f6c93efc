"""The `lookup` command, through Flask's CliRunner and once as a real process."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import subprocess

from sqlalchemy import select
from support import publish
from xlsx_factory import item_row, official_list, rows_of

from lookup.core.config import PROJECT_ROOT
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.models import AuditEntry, Draft, User
from lookup.office import workflow
from lookup.office.audit import Actor

NEW_NAME = "测试专用鸭梨证明"


def current_rows() -> list[list[object]]:
    """The published abolished list as data rows of the official layout."""
    return rows_of(store.items_of(None, "abolished"), renumber=True)


def new_list(path, extra=1):
    rows = current_rows()
    rows += [
        item_row(len(rows) + k + 1, NEW_NAME + ("" if k == 0 else str(k))) for k in range(extra)
    ]
    return official_list(path, rows)


def test_init_on_an_empty_home_loads_data_as_version_1(empty_app):
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "版本 1" in result.output
    assert store.current_version() == 1
    assert len(store.items_of(1, "abolished")) == 216
    assert len(store.items_of(1, "retained")) >= 30

    again = runner.invoke(args=["init"])
    assert again.exit_code == 0, again.output
    assert "已有已发布版本 1" in again.output
    assert [v["number"] for v in store.versions()] == [1]


def test_import_reports_and_saves_a_draft(runner, tmp_path):
    path = new_list(tmp_path / "取消清单.xlsx", extra=2)
    result = runner.invoke(args=["import", str(path), "--list", "abolished"])
    assert result.exit_code == 0, result.output
    assert "读取 218 行" in result.output
    assert "新增 2 项，删除 0 项，修改 0 项" in result.output
    assert "草稿" in result.output
    assert store.current_version() == 1
    with session_factory()() as session:
        draft = session.scalar(select(Draft).order_by(Draft.id.desc()))
    assert draft.status == "open"
    assert len(draft.rows) == 218

    published = runner.invoke(args=["publish", str(draft.id), "--yes"])
    assert published.exit_code == 0, published.output
    assert "版本 2" in published.output
    assert store.current_version() == 2
    assert len(store.items_of(2, "abolished")) == 218


def test_import_with_publish(runner, tmp_path):
    path = new_list(tmp_path / "取消清单.xlsx")
    result = runner.invoke(args=["import", str(path), "--list", "abolished", "--publish"])
    assert result.exit_code == 0, result.output
    assert "新增 1 项" in result.output
    assert "已发布为版本 2" in result.output
    assert NEW_NAME in [i["name"] for i in store.items_of(2, "abolished")]


def test_import_with_empty_names_fails_and_changes_nothing(runner, tmp_path):
    rows = current_rows()
    rows[3][1] = None
    rows[10][1] = "  "
    path = official_list(tmp_path / "坏清单.xlsx", rows)
    result = runner.invoke(args=["import", str(path), "--list", "abolished", "--publish"])
    assert result.exit_code == 1
    # data starts at row 5: rows[3] is row 8, rows[10] is row 15; names are column B
    assert "第 8 行 B 列（证明名称）" in result.output
    assert "第 15 行 B 列（证明名称）" in result.output
    assert "未做任何更改" in result.output
    assert store.current_version() == 1
    with session_factory()() as session:
        assert session.scalar(select(Draft)) is None


def test_versions_diff_and_rollback(runner, tmp_path):
    runner.invoke(
        args=["import", str(new_list(tmp_path / "a.xlsx")), "--list", "abolished", "--publish"]
    )
    versions = runner.invoke(args=["versions"])
    assert versions.exit_code == 0
    lines = versions.output.strip().splitlines()
    assert lines[0].startswith("版本 2")
    assert lines[1].startswith("版本 1")
    assert "取消证明材料清单 217 项" in lines[0]

    diff = runner.invoke(args=["diff", "1", "2"])
    assert diff.exit_code == 0
    assert "取消证明材料清单：新增 1，删除 0，修改 0" in diff.output
    assert f"+ {NEW_NAME}" in diff.output

    unknown = runner.invoke(args=["diff", "1", "9"])
    assert unknown.exit_code == 1
    assert "版本 9 不存在" in unknown.output

    rollback = runner.invoke(args=["rollback", "1"])
    assert rollback.exit_code == 0, rollback.output
    assert "新版本 3" in rollback.output
    assert store.current_version() == 3
    assert NEW_NAME not in [i["name"] for i in store.items_of(3, "abolished")]
    assert runner.invoke(args=["rollback", "7"]).exit_code == 1


def test_export_formats(runner, tmp_path):
    for fmt in ("xlsx", "csv", "json"):
        target = tmp_path / f"out.{fmt}"
        args = ["export", "--list", "abolished", "--format", fmt, "-o", str(target)]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    text = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) >= 217
    body = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert "亲属关系证明" in json.dumps(body, ensure_ascii=False)


def test_exported_xlsx_reimports_without_changes_and_publishing_it_is_refused(runner, tmp_path):
    before = store.items_of(1)
    target = tmp_path / "导出.xlsx"
    runner.invoke(args=["export", "--list", "abolished", "--format", "xlsx", "-o", str(target)])
    result = runner.invoke(args=["import", str(target), "--list", "abolished", "--publish"])
    assert "新增 0 项，删除 0 项，修改 0 项" in result.output
    # a publish that changes nothing would only hide the real change on /changes
    assert result.exit_code == 1
    assert "内容与第 1 版完全相同" in result.output
    assert store.current_version() == 1
    assert [v["number"] for v in store.versions()] == [1]
    assert store.items_of(1) == before


def test_index_rebuild(runner, app):
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "已重建索引" in result.output
    assert "v1-" in result.output


def test_user_add(runner):
    env = {"LOOKUP_NEW_PASSWORD": "correct-horse-battery"}
    result = runner.invoke(args=["user", "add", "王小明", "--role", "editor"], env=env)
    assert result.exit_code == 0, result.output
    assert "已添加用户 王小明（editor）" in result.output
    with session_factory()() as session:
        user = session.scalar(select(User).where(User.name == "王小明"))
    assert user.role == "editor"
    assert "correct-horse-battery" not in user.password_hash
    again = runner.invoke(args=["user", "add", "王小明", "--role", "editor"], env=env)
    assert again.exit_code == 1
    assert "已存在" in again.output
    weak = runner.invoke(
        args=["user", "add", "李四", "--role", "editor"], env={"LOOKUP_NEW_PASSWORD": "x"}
    )
    assert weak.exit_code == 1


def test_the_installed_command_runs(home, tmp_path):
    lookup = PROJECT_ROOT / ".venv" / "bin" / "lookup"
    env = {**os.environ, "LOOKUP_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("DATABASE_URL", None)
    versions = subprocess.run(
        [str(lookup), "versions"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert versions.returncode == 0, versions.stderr
    assert versions.stdout.startswith("版本 1")
    bad = subprocess.run(
        [str(lookup), "diff", "1", "5"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert bad.returncode == 1
    assert "版本 5 不存在" in bad.stderr


def test_commands_on_a_home_never_initialised(empty_app, tmp_path):
    runner = empty_app.test_cli_runner()
    versions = runner.invoke(args=["versions"])
    assert versions.exit_code == 0
    assert "尚无已发布版本" in versions.output
    for args in (
        ["diff", "1", "2"],
        ["rollback", "1"],
        ["publish", "1", "--yes"],
        ["index", "rebuild"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output, result.exception)
        assert "错误：" in result.output
    assert not list((tmp_path / "empty-home" / "indexes").glob("v0-*"))
    export = runner.invoke(args=["export", "--list", "abolished", "-o", str(tmp_path / "x.csv")])
    assert export.exit_code == 0


def _error_draft(app, tmp_path) -> int:
    """A draft the office pages keep for review: one row has no certificate name."""
    rows = [*current_rows(), item_row(300, "")]
    path = official_list(tmp_path / "有错误.xlsx", rows)
    result, draft_id, _ = workflow.import_spreadsheet(
        app, path, "abolished", filename=path.name, actor=Actor("editor1", "127.0.0.1")
    )
    assert not result.ok
    assert draft_id is not None
    return draft_id


def test_publish_refuses_a_draft_with_errors_as_the_web_does(app, runner, tmp_path):
    draft_id = _error_draft(app, tmp_path)
    result = runner.invoke(args=["publish", str(draft_id), "--yes"])
    assert result.exit_code == 1
    assert "有 1 个错误，不能发布" in result.output
    assert store.current_version() == 1
    with session_factory()() as session:
        assert session.get(Draft, draft_id).status == "open"


def test_publish_needs_a_draft_id_and_asks_before_publishing(runner, tmp_path):
    assert runner.invoke(args=["publish"]).exit_code == 2  # usage: DRAFT_ID is required
    path = new_list(tmp_path / "a.xlsx")
    runner.invoke(args=["import", str(path), "--list", "abolished"])
    with session_factory()() as session:
        draft_id = session.scalar(select(Draft.id).order_by(Draft.id.desc()))
    declined = runner.invoke(args=["publish", str(draft_id)], input="n\n")
    assert declined.exit_code == 1
    assert store.current_version() == 1
    accepted = runner.invoke(args=["publish", str(draft_id)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert store.current_version() == 2
    again = runner.invoke(args=["publish", str(draft_id), "--yes"])
    assert again.exit_code == 1
    assert "已在发布中或已处理" in again.output


def test_cli_actions_are_audited_with_the_os_user(runner, tmp_path):
    os_user = getpass.getuser()
    path = new_list(tmp_path / "a.xlsx")
    runner.invoke(args=["import", str(path), "--list", "abolished", "--publish"])
    runner.invoke(args=["rollback", "1"])
    with session_factory()() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [e.action for e in entries]
    assert actions[-3:] == ["upload", "publish", "rollback"]
    assert {e.user for e in entries[-3:]} == {os_user}
    assert {e.remote_addr for e in entries[-3:]} == {"命令行"}


def test_export_to_stdout_and_to_a_bad_path(runner, tmp_path):
    result = runner.invoke(args=["export", "--list", "retained", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["list"] == "retained"
    bad = runner.invoke(
        args=["export", "--list", "retained", "-o", str(tmp_path / "no" / "x.xlsx")]
    )
    assert bad.exit_code == 1
    assert "错误：无法写入" in bad.output
    assert "Traceback" not in bad.output


def test_diff_prints_old_and_new_values(app, runner):
    rows = [dict(i) for i in store.items_of(1, "abolished")]
    rows[0]["replacement"] = "告知承诺：申请人书面承诺即可。"
    publish(app, {"abolished": rows})
    result = runner.invoke(args=["diff", "1", "2"])
    assert result.exit_code == 0, result.output
    before = store.items_of(1, "abolished")[0]["replacement"]
    assert f"取消后办理方式：{before} → 告知承诺：申请人书面承诺即可。" in result.output
