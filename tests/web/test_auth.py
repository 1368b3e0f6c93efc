"""Office sign-in: redirects, roles, audit and CSRF (sessions, passwords and throttling have
their own modules: test_sessions.py, test_passwords.py, test_throttle.py)."""

from __future__ import annotations

import pytest
from support import PASSWORD, login, post, token

from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, User


@pytest.mark.parametrize("path", ["/admin/", "/admin/upload", "/admin/drafts/1", "/admin/audit"])
def test_office_pages_need_login(office_client, path):
    response = office_client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_next_must_be_local(office, office_client, target):
    response = login(office_client, "editor1", next_url=target)
    assert response.headers["Location"] == "/admin/"


def test_login_starts_a_fresh_session(office, office_client):
    office_client.get("/admin/login")
    with office_client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(office_client, "editor1")
    with office_client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_failed_logins_are_audited(office, office_client):
    login(office_client, "editor1", "nope nope nope")
    login(office_client, "editor1")
    with office.app_context():
        rows = get_session().query(AuditEntry).order_by(AuditEntry.id).all()
    assert [(r.action, r.user) for r in rows] == [("login_failed", ""), ("login", "editor1")]
    assert rows[0].remote_addr == "127.0.0.1"
    assert "editor1" in rows[0].detail


def test_logout_needs_post_with_token(office, office_client):
    login(office_client, "editor1")
    assert office_client.get("/admin/logout").status_code == 405
    response = post(office_client, "/admin/logout")
    assert response.headers["Location"] == "/admin/login"
    assert office_client.get("/admin/").status_code == 302


def test_csrf_failure_is_a_chinese_400_page(office, office_client):
    response = office_client.post("/admin/login", data={"name": "editor1", "password": PASSWORD})
    assert response.status_code == 400
    assert "刷新页面后重试" in response.get_data(as_text=True)


def test_editor_cannot_publish_or_manage_users(office, office_client):
    login(office_client, "editor1")
    response = post(office_client, "/admin/drafts/1/publish", {"note": "x"})
    assert response.status_code == 403
    assert "没有权限" in response.get_data(as_text=True)
    assert office_client.get("/admin/users").status_code == 403


def test_deactivated_user_is_signed_out(office, office_client):
    login(office_client, "editor1")
    other = office.test_client()
    login(other, "publisher1")
    users_page = other.get("/admin/users").get_data(as_text=True)
    assert "editor1" in users_page
    with office.app_context():
        editor = get_session().query(User).filter_by(name="editor1").one()
    post(other, f"/admin/users/{editor.id}/toggle", form_page="/admin/users")
    assert office_client.get("/admin/").status_code == 302


def test_publisher_adds_a_user(office, office_client):
    login(office_client, "publisher1")
    data = {"name": "editor2", "role": "editor", "password": "short"}
    response = post(office_client, "/admin/users", data, form_page="/admin/users")
    assert "密码 12 至 200 个字符" in response.get_data(as_text=True)
    data["password"] = PASSWORD
    response = post(office_client, "/admin/users", data, form_page="/admin/users")
    assert response.status_code == 302
    # The publisher chose that password: editor2 must choose their own first.
    assert "/admin/password" in login(office.test_client(), "editor2").headers["Location"]


def test_token_helper_reads_the_login_form(office_client):
    assert token(office_client)


