"""Office sessions live in the store: logout, a password change, a role change and switching
an account off end every copy of the cookie; idle and absolute timeouts hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support import PASSWORD, login, post

from lookup import create_app
from lookup.core import clock
from lookup.lists.db import get_session
from lookup.office import accounts


@pytest.fixture
def later():
    """Move this process's clock forward (`later(minutes=31)`); put back after the test."""
    moved = timedelta(0)

    def move(**delta) -> None:
        nonlocal moved
        moved += timedelta(**delta)
        clock.set_offset(moved)

    yield move
    clock.set_offset(timedelta(0))


def _copy(office, client):
    """Another browser holding a copy of `client`'s session cookie."""
    name = office.config["SESSION_COOKIE_NAME"]
    copy = office.test_client()
    copy.set_cookie(name, client.get_cookie(name).value, domain="localhost")
    return copy


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_logout_ends_every_copy_of_the_cookie(office, office_client):
    login(office_client, "editor1")
    stolen = _copy(office, office_client)
    assert _signed_in(stolen)
    post(office_client, "/admin/logout")
    assert not _signed_in(office_client)
    assert not _signed_in(stolen)
    assert stolen.get("/admin/").headers["Location"].startswith("/admin/login")


def test_changing_the_password_ends_the_other_sessions(office, office_client):
    login(office_client, "editor1")
    elsewhere = office.test_client()
    login(elsewhere, "editor1")
    stolen = _copy(office, office_client)
    new = "seven purple lanterns drift south"
    data = {"current": PASSWORD, "new": new, "repeat": new}
    response = post(office_client, "/admin/password", data, form_page="/admin/password")
    assert response.status_code == 302
    assert _signed_in(office_client)  # the one that changed it goes on, on a fresh session
    assert not _signed_in(elsewhere)
    assert not _signed_in(stolen)
    assert login(office.test_client(), "editor1").status_code == 200  # old password refused
    assert login(office.test_client(), "editor1", new).status_code == 302


def test_a_role_change_ends_the_sessions(office, office_client):
    login(office_client, "editor1")
    stolen = _copy(office, office_client)
    with office.app_context():
        accounts.set_role(get_session(), "editor1", "publisher")
    assert not _signed_in(office_client)
    assert not _signed_in(stolen)
    login(office_client, "editor1")
    assert office_client.get("/admin/users").status_code == 200  # the new rights, at once


def test_switching_an_account_off_ends_its_sessions(office, office_client):
    login(office_client, "editor1")
    stolen = _copy(office, office_client)
    with office.app_context():
        accounts.set_active(get_session(), "editor1", False)
    assert not _signed_in(stolen)
    assert login(office.test_client(), "editor1").status_code == 200  # refused
    with office.app_context():
        accounts.set_active(get_session(), "editor1", True)
    assert login(office.test_client(), "editor1").status_code == 302


def test_idle_timeout(office, office_client, later):
    login(office_client, "editor1")
    later(minutes=29)
    assert _signed_in(office_client)  # activity moves the idle deadline
    later(minutes=29)
    assert _signed_in(office_client)
    later(minutes=31)
    assert not _signed_in(office_client)


def test_absolute_timeout_is_not_extended_by_activity(office, office_client, later):
    login(office_client, "editor1")
    for _ in range(35):  # a request every 20 minutes for 11 h 40 min
        later(minutes=20)
        assert _signed_in(office_client)
    later(minutes=21)  # 12 h 01 min after sign-in
    assert not _signed_in(office_client)


def test_timeouts_are_configurable(home, later):
    from support import office_app

    office = office_app(home, SESSION_IDLE_MINUTES=5)
    client = office.test_client()
    login(client, "editor1")
    later(minutes=6)
    assert not _signed_in(client)


def test_the_cookie_holds_a_token_not_the_user(office, office_client):
    login(office_client, "editor1")
    with office_client.session_transaction() as session:
        token = session["_user_id"]
    assert len(token) >= 40
    assert not token.isdigit()
    with office.app_context():
        from sqlalchemy import select

        from lookup.lists.models import OfficeSession

        stored = list(get_session().scalars(select(OfficeSession.token_hash)))
    assert len(stored) == 1
    assert token not in stored  # only its hash is kept


def test_https_cookie_is_host_prefixed_and_secure(tmp_path, monkeypatch):
    monkeypatch.delenv("LOOKUP_INSECURE_COOKIES", raising=False)
    app = create_app(
        {"LOOKUP_HOME": str(tmp_path / "h"), "SECRET_KEY": "k" * 40, "TESTING": True}
    )
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.permanent_session_lifetime == timedelta(hours=12)
    client = app.test_client()
    response = client.get("/report", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie


def test_plain_http_intranet_cookie_by_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("LOOKUP_INSECURE_COOKIES", "1")
    app = create_app({"LOOKUP_HOME": str(tmp_path / "h"), "SECRET_KEY": "k" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_NAME"] == "session"  # __Host- needs https
    cookie = app.test_client().get("/report").headers["Set-Cookie"]
    assert "Secure" not in cookie
    assert "HttpOnly" in cookie
