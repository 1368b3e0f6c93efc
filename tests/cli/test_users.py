"""`lookup user add|passwd|list|role|disable|enable`: accounts from the command line, audited,
with the password rules, and ending the sessions of the account they change."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support import PASSWORD, login

from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, OfficeSession, User

NEW = {"LOOKUP_NEW_PASSWORD": "seven purple lanterns drift south"}


@pytest.fixture
def users(office):
    """The office app (editor1, publisher1) with no app context left pushed, so that the test
    clients' requests do not share one `g` (see support.office_app)."""
    return office


@pytest.fixture
def runner(users):
    return users.test_cli_runner()


def _user(app, name: str) -> User:
    with app.app_context():
        return get_session().scalar(select(User).where(User.name == name))


def _sessions_of(app, name: str) -> int:
    user_id = _user(app, name).id
    with app.app_context():
        rows = get_session().scalars(select(OfficeSession).where(OfficeSession.user_id == user_id))
        return len(list(rows))


def _signed_in_client(app, name: str):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _actions(app) -> list[str]:
    with app.app_context():
        return list(get_session().scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_user_list(runner, users):
    result = runner.invoke(args=["user", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("editor1\t编辑\t启用\t密码设于 20")
    assert lines[1].startswith("publisher1\t发布人\t启用")


def test_user_passwd_ends_sessions_and_can_be_temporary(runner, users):
    _signed_in_client(users, "editor1")
    assert _sessions_of(users, "editor1") == 1
    result = runner.invoke(args=["user", "passwd", "editor1"], env=NEW)
    assert result.exit_code == 0, result.output
    assert "登录已全部退出" in result.output
    assert _sessions_of(users, "editor1") == 0
    assert _user(users, "editor1").must_change_password is False
    result = runner.invoke(args=["user", "passwd", "editor1", "--temporary"], env=NEW)
    assert result.exit_code == 0, result.output
    assert _user(users, "editor1").must_change_password is True
    assert "待改密码" in runner.invoke(args=["user", "list"]).output
    assert _actions(users)[-2:] == ["password_reset", "password_reset"]


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["user", "passwd", "nobody"], NEW, "没有用户「nobody」"),
        (["user", "passwd", "editor1"], {"LOOKUP_NEW_PASSWORD": "aaaaaaaaaaaa"}, "太容易被猜到"),
        (["user", "passwd", "editor1"], {"LOOKUP_NEW_PASSWORD": "short"}, "至少 12 个字符"),
        (["user", "role", "nobody", "editor"], {}, "没有用户"),
        (["user", "disable", "nobody"], {}, "没有用户"),
    ],
)
def test_refusals_exit_1_with_a_reason(runner, users, args, env, message):
    result = runner.invoke(args=args, env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert login(users.test_client(), "editor1", PASSWORD).status_code == 302


def test_user_role(runner, users):
    _signed_in_client(users, "editor1")
    result = runner.invoke(args=["user", "role", "editor1", "publisher"])
    assert result.exit_code == 0, result.output
    assert _user(users, "editor1").role == "publisher"
    assert _sessions_of(users, "editor1") == 0
    assert runner.invoke(args=["user", "role", "editor1", "admin"]).exit_code == 2
    assert _actions(users)[-1] == "user_role"


def test_user_disable_and_enable(runner, users):
    client = _signed_in_client(users, "editor1")
    result = runner.invoke(args=["user", "disable", "editor1"])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert login(users.test_client(), "editor1").status_code == 200  # refused
    assert runner.invoke(args=["user", "enable", "editor1"]).exit_code == 0
    assert login(users.test_client(), "editor1").status_code == 302
    assert [a for a in _actions(users) if a.startswith("user_")] == ["user_toggle", "user_toggle"]


def test_user_add_temporary(runner, users):
    result = runner.invoke(
        args=["user", "add", "王小明", "--role", "editor", "--temporary"], env=NEW
    )
    assert result.exit_code == 0, result.output
    assert _user(users, "王小明").must_change_password is True
    weak = runner.invoke(
        args=["user", "add", "李四", "--role", "editor"],
        env={"LOOKUP_NEW_PASSWORD": "aaaaaaaaaaaa"},
    )
    assert weak.exit_code == 1
    assert "太容易被猜到" in weak.output
