"""Sign-in throttling: only failures count, per account and address, with growing delays;
a success clears them; nobody can lock someone else out of their account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support import login

from lookup.core import clock
from lookup.office import backoff
from lookup.web.admin import session as signin


@pytest.fixture
def later():
    moved = timedelta(0)

    def move(**delta) -> None:
        nonlocal moved
        moved += timedelta(**delta)
        clock.set_offset(moved)

    yield move
    clock.set_offset(timedelta(0))


def _from(office, address: str):
    client = office.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.mark.parametrize(
    ("failures", "delay"), [(0, 0), (2, 0), (3, 2), (4, 4), (5, 8), (10, 256), (12, 900), (99, 900)]
)
def test_delays_grow_after_the_free_failures(failures, delay):
    assert backoff.delay_after(failures, 3) == delay


def test_many_correct_sign_ins_from_one_address_are_never_throttled(office):
    client = _from(office, "10.1.1.1")
    for _ in range(30):  # a whole office behind one NAT address, all morning
        assert login(client, "editor1").status_code == 302
        client.delete_cookie(office.config["SESSION_COOKIE_NAME"], domain="localhost")


def test_wrong_passwords_slow_down_that_address_only(office, later):
    attacker = _from(office, "203.0.113.9")
    for _ in range(signin.PAIR_FREE):
        response = login(attacker, "editor1", "guess guess guess")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.get_data(as_text=True)
    refused = login(attacker, "editor1")  # even the right password waits now
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "2"
    assert "秒后再试" in refused.get_data(as_text=True)
    # The owner, from the office, is not locked out.
    assert login(_from(office, "10.1.1.1"), "editor1").status_code == 302
    # After the delay the attacker may try again; another failure doubles the delay.
    later(seconds=3)
    assert login(attacker, "editor1", "guess again guess").status_code == 200
    assert login(attacker, "editor1", "and again").headers["Retry-After"] == "4"
    later(seconds=5)
    assert login(attacker, "editor1", "and again").status_code == 200
    assert int(login(attacker, "editor1").headers["Retry-After"]) == 8


def test_a_success_clears_the_failures(office, later):
    client = _from(office, "10.1.1.2")
    for _ in range(signin.PAIR_FREE - 1):
        login(client, "editor1", "typo typo typo")
    assert login(client, "editor1").status_code == 302
    client.delete_cookie(office.config["SESSION_COOKIE_NAME"], domain="localhost")
    for _ in range(signin.PAIR_FREE - 1):  # a fresh allowance: no delay yet
        assert login(client, "editor1", "typo typo typo").status_code == 200
    assert login(client, "editor1").status_code == 302


def test_failures_are_forgotten_after_an_hour(office, later):
    client = _from(office, "10.1.1.3")
    with office.app_context():
        for _ in range(signin.PAIR_FREE + 8):  # the delay is at 8.5 minutes now
            backoff.failed("signin:pair:editor1:10.1.1.3")
    later(minutes=5)
    assert login(client, "editor1").status_code == 429
    later(minutes=61)
    assert login(client, "editor1").status_code == 302


def test_one_address_trying_many_names_slows_down(office, monkeypatch):
    monkeypatch.setattr(signin, "ADDRESS_FREE", 3)
    client = _from(office, "198.51.100.7")
    for name in ("a1", "a2", "a3"):
        assert login(client, name, "guess guess guess").status_code == 200
    assert login(client, "publisher1").status_code == 429
    assert login(_from(office, "10.0.0.2"), "publisher1").status_code == 302


def test_throttled_tries_are_audited_and_do_not_count(office, later):
    from sqlalchemy import select

    from lookup.lists.db import get_session
    from lookup.lists.models import AuditEntry, RateCounter

    client = _from(office, "203.0.113.10")
    for _ in range(signin.PAIR_FREE + 5):
        login(client, "editor1", "guess guess guess")
    with office.app_context():
        session = get_session()
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        counts = {r.key: r.count for r in session.scalars(select(RateCounter))}
    assert actions == ["login_failed"] * signin.PAIR_FREE + ["login_throttled"] * 5
    assert counts["signin:pair:editor1:203.0.113.10"] == signin.PAIR_FREE
