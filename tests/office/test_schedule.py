"""Scheduled versions: announced before their 施行日期, in effect from it, withdrawable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from support import NEW, search

from lookup.core import clock
from lookup.core.errors import BadRequest, Conflict
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.models import AuditEntry, Version
from lookup.office import publication, publishing, schedule, workflow
from lookup.office.audit import Actor

CLERK = Actor("publisher1", "127.0.0.1")


@pytest.fixture
def later():
    """Move this process's clock: later(days=40), or later(to=a stored time); restored after."""

    def move(to=None, **delta):
        clock.set_offset(timedelta(0))
        clock.set_offset(to - clock.utcnow() if to is not None else timedelta(**delta))

    yield move
    clock.set_offset(timedelta(0))


def effective_at(number: int):
    """When a version takes effect, as stored (naive UTC)."""
    with session_factory()() as session:
        return session.get(Version, number).effective_at


def in_days(days: int) -> dict:
    return publication.details(
        doc_number="平司〔2026〕12号",
        issuer="平湖市司法局",
        issued_on=clock.today(),
        effective_on=clock.today() + timedelta(days=days),
    )


def content_with_new_item_and_one_removed():
    rows = [dict(i) for i in store.items_of(1, "abolished")]
    removed = rows.pop(0)
    for row in rows:
        row.pop("id"), row.pop("since_version")
    return [*rows, dict(NEW)], removed


def publish_scheduled(app, days=30):
    rows, removed = content_with_new_item_and_one_removed()
    number = publishing.publish_lists(
        app, {"abolished": rows}, note="第二批", author="t", source="t", details=in_days(days)
    )
    return number, removed


def test_a_future_version_is_announced_and_takes_effect_on_its_date(app, later):
    number, removed = publish_scheduled(app, days=30)
    assert number == 2
    assert store.current_version() == 1
    assert store.latest_version() == 2
    [announced] = store.scheduled_versions()
    assert announced["number"] == 2
    assert announced["state"] == "scheduled"
    assert announced["doc_number"] == "平司〔2026〕12号"
    assert announced["effective_on"] == (clock.today() + timedelta(days=30)).isoformat()
    # searches answer from the current version and the coming change is known for the item
    assert search(app, NEW["name"])["version"] == 1
    assert store.get_item(removed["id"]) is not None
    coming = schedule.change_for(removed["id"])
    assert coming["kind"] == "removed"
    assert coming["version"]["number"] == 2

    at = effective_at(2)
    assert clock.beijing(at) == f"{clock.today() + timedelta(days=30)} 00:00"
    later(to=at - timedelta(minutes=1))
    assert store.current_version() == 1
    later(to=at)
    assert store.current_version() == 2
    assert store.scheduled_versions() == []
    assert store.version_info(2)["state"] == "current"
    assert store.version_info(1)["state"] == "earlier"
    assert search(app, NEW["name"])["version"] == 2
    assert store.get_item(removed["id"]) is None
    assert schedule.change_for(removed["id"]) is None


def test_nothing_may_take_effect_before_an_announced_version(app):
    publish_scheduled(app, days=30)
    rows = [dict(i) for i in store.items_of(2, "abolished")]
    rows[0]["note"] = "紧急更正"
    with pytest.raises(Conflict) as refused:
        publishing.publish_lists(app, {"abolished": rows}, note="", author="t", source="t")
    assert refused.value.code == "effective_order"
    assert "请先撤回第 2 版" in refused.value.message
    assert store.latest_version() == 2
    # the same day as the announced one, or later, is fine
    number = publishing.publish_lists(
        app, {"abolished": rows}, note="", author="t", source="t", details=in_days(30)
    )
    assert [v["number"] for v in store.scheduled_versions()] == [2, number]


def test_an_announced_version_can_be_withdrawn_before_its_date(app, later):
    publish_scheduled(app, days=10)
    result = workflow.withdraw(app, 2, reason="文号有误", actor=CLERK)
    assert result["current"] == 1
    assert result["version"]["state"] == "scheduled"
    assert store.scheduled_versions() == []
    assert [v["number"] for v in store.versions()] == [1]
    [kept] = [v for v in store.versions(withdrawn=True) if v["number"] == 2]
    assert (kept["state"], kept["withdrawn_by"], kept["withdraw_reason"]) == (
        "withdrawn",
        "publisher1",
        "文号有误",
    )
    later(days=11)
    assert store.current_version() == 1
    assert search(app, NEW["name"])["version"] == 1
    with session_factory(app)() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "withdraw"))
    assert "撤回尚未施行的第 2 版：文号有误" in entry.detail
    # a withdrawn version is gone from public view, and an immediate publish may follow again
    assert store.version_info(2) is None
    rows, _ = content_with_new_item_and_one_removed()
    assert publishing.publish_lists(app, {"abolished": rows}, note="", author="t", source="t") == 3


def test_an_erroneous_current_version_is_withdrawn_and_the_one_before_answers(app):
    rows, _ = content_with_new_item_and_one_removed()
    publishing.publish_lists(app, {"abolished": rows}, note="有误", author="t", source="t")
    assert search(app, NEW["name"])["version"] == 2
    workflow.withdraw(app, 2, reason="误删一项", actor=CLERK)
    assert store.current_version() == 1
    assert search(app, NEW["name"])["version"] == 1


def test_withdrawal_refusals(app):
    with pytest.raises(BadRequest, match="请写明撤回的原因"):
        workflow.withdraw(app, 1, reason=" ", actor=CLERK)
    with pytest.raises(Conflict, match="这是唯一的版本"):
        workflow.withdraw(app, 1, reason="试试", actor=CLERK)
    publish_scheduled(app, days=5)
    with pytest.raises(Conflict, match="只能撤回最新的版本（第 2 版）"):
        workflow.withdraw(app, 1, reason="试试", actor=CLERK)
    with pytest.raises(Exception, match="版本 9 不存在"):
        workflow.withdraw(app, 9, reason="试试", actor=CLERK)
    assert store.current_version() == 1
    assert store.latest_version() == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"effective_on": "2027-13-01"}, "施行日期「2027-13-01」不是日期"),
        ({"issued_on": "2027-02-01", "effective_on": "2027-01-01"}, "施行日期不能早于发布日期"),
        ({"doc_number": "号" * 101, "issuer": "局" * 201}, "文号不能超过 100 个字；发布机关"),
    ],
)
def test_publication_details_are_checked_all_at_once(given, message):
    with pytest.raises(BadRequest) as refused:
        publication.details(**given)
    assert message in refused.value.message


def test_publication_details_as_stored():
    got = publication.details(
        doc_number=" 平司〔2026〕12号 ",
        issuer="平湖市司法局",
        issued_on="2026/12/1",
        effective_on="2027-01-01",
    )
    assert got["doc_number"] == "平司〔2026〕12号"
    assert got["issued_on"].isoformat() == "2026-12-01"
    assert clock.beijing(got["effective_at"]) == "2027-01-01 00:00"
    assert publication.details()["effective_at"] is None
