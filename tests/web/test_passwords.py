"""Passwords: the rules (length ≥ 12, zxcvbn), changing one's own, a publisher's reset with a
forced change at the next sign-in, and the audit log of each."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support import PASSWORD, login, post

from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, User
from lookup.office import passwords

NEW = "seven purple lanterns drift south"


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("aaaaaaaaaaaa", ["太容易被猜到"]),  # 12 characters, all the same
        ("password1234", ["太容易被猜到"]),
        ("qwertyuiop12", ["太容易被猜到"]),
        ("pinghu123456", ["太容易被猜到"]),
        ("short", ["至少 12 个字符", "太容易被猜到"]),  # every problem at once
        ("Xk#9vQ2!mz", ["至少 12 个字符"]),  # strong but 10 characters
        ("zhangsan-is-here-2024", ["不能包含用户名"]),
        ("x" * 201, ["不能超过 200 个字符"]),
    ],
)
def test_weak_passwords_are_refused(password, expected):
    found = "".join(passwords.problems(password, name="zhangsan"))
    for part in expected:
        assert part in found
    with pytest.raises(passwords.WeakPassword):
        passwords.check(password, "zhangsan")


@pytest.mark.parametrize(
    "password", [PASSWORD, NEW, "平湖 窗口 三号 茶杯 晴天 自行车", "Vq8#tLw2!pRz" + "a" * 70]
)
def test_good_passwords_pass(password):
    assert passwords.problems(password, name="zhangsan") == []


def _change(client, current, new, repeat=None):
    data = {"current": current, "new": new, "repeat": new if repeat is None else repeat}
    return post(client, "/admin/password", data, form_page="/admin/password")


def test_change_own_password(office, office_client):
    login(office_client, "editor1")
    response = _change(office_client, PASSWORD, NEW)
    assert response.status_code == 302
    assert "密码已修改" in office_client.get("/admin/").get_data(as_text=True)
    with office.app_context():
        actions = list(get_session().scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-1] == "password_change"


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("not my password at all", NEW, None, "当前密码不正确"),
        (PASSWORD, NEW, NEW + "x", "两次输入的新密码不一致"),
        (PASSWORD, "aaaaaaaaaaaa", None, "太容易被猜到"),
        (PASSWORD, PASSWORD, None, "不能与当前密码相同"),
    ],
)
def test_change_refusals_say_why(office, office_client, current, new, repeat, message):
    login(office_client, "editor1")
    response = _change(office_client, current, new, repeat)
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert login(office.test_client(), "editor1").status_code == 302  # still the old one


def test_publisher_resets_a_password_and_the_user_must_change_it(office, office_client):
    editor = office.test_client()
    login(editor, "editor1")
    login(office_client, "publisher1")
    with office.app_context():
        editor_id = get_session().scalar(select(User.id).where(User.name == "editor1"))
    temporary = "temporary lantern river 42"
    response = post(
        office_client,
        f"/admin/users/{editor_id}/password",
        {"password": temporary},
        form_page="/admin/users",
    )
    assert response.status_code == 302
    assert "已重置 editor1 的密码" in office_client.get("/admin/users").get_data(as_text=True)
    assert editor.get("/admin/").status_code == 302  # the editor's session ended
    assert login(office.test_client(), "editor1").status_code == 200  # old password gone

    response = login(editor, "editor1", temporary)
    assert response.headers["Location"].startswith("/admin/password")
    for page in ("/admin/", "/admin/upload", "/admin/audit"):
        blocked = editor.get(page)
        assert blocked.status_code == 302
        assert blocked.headers["Location"].startswith("/admin/password")
    assert "临时密码" in editor.get("/admin/password").get_data(as_text=True)
    assert _change(editor, temporary, NEW).status_code == 302
    assert editor.get("/admin/upload").status_code == 200
    with office.app_context():
        user = get_session().scalar(select(User).where(User.name == "editor1"))
        actions = list(get_session().scalars(select(AuditEntry.action)))
    assert user.must_change_password is False
    assert "password_reset" in actions
    assert "password_change" in actions


def test_a_reset_needs_a_strong_temporary_password(office, office_client):
    login(office_client, "publisher1")
    with office.app_context():
        editor_id = get_session().scalar(select(User.id).where(User.name == "editor1"))
    post(
        office_client,
        f"/admin/users/{editor_id}/password",
        {"password": "aaaaaaaaaaaa"},
        form_page="/admin/users",
    )
    assert "太容易被猜到" in office_client.get("/admin/users").get_data(as_text=True)
    assert login(office.test_client(), "editor1").status_code == 302  # unchanged


def test_editors_cannot_reset_passwords(office, office_client):
    login(office_client, "editor1")
    response = post(office_client, "/admin/users/1/password", {"password": NEW})
    assert response.status_code == 403
