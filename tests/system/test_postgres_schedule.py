"""On PostgreSQL: the migration, a scheduled version taking effect, withdrawal and a
department's update, as on SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_postgres import pg_app, pg_url  # noqa: F401 - fixtures

from lookup.core import clock
from lookup.lists import store
from lookup.office import publication, publishing, workflow
from lookup.office.audit import Actor

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def later():
    def move(to):
        clock.set_offset(timedelta(0))
        clock.set_offset(to - clock.utcnow())

    yield move
    clock.set_offset(timedelta(0))


def test_a_scheduled_version_on_postgres(pg_app, later):  # noqa: F811
    assert store.current_info() == {"number": 1, "sample": True}
    police = [i for i in store.items_of(1, "abolished") if i["requiring_department"] == "市公安局"]
    rows = [{k: v for k, v in i.items() if k not in ("id", "since_version")} for i in police[1:]]
    effective = clock.today() + timedelta(days=5)
    number = publishing.publish_lists(
        pg_app,
        {"abolished": rows},
        note="",
        author="t",
        source="t",
        departments={"abolished": "市公安局"},
        details=publication.details(doc_number="平司〔2026〕9号", effective_on=effective),
        refuse_unchanged=True,
    )
    assert (store.current_version(), store.latest_version()) == (1, number)
    assert store.version_info(number)["summary"]["abolished"] == {
        "added": 0,
        "removed": 1,
        "changed": 0,
    }
    later(clock.start_of_day(effective))
    assert store.current_version() == number
    assert store.current_info() == {"number": number, "sample": False}
    assert len(store.items_of(number, "abolished")) == 215
    workflow.withdraw(pg_app, number, reason="测试", actor=Actor("t"))
    assert store.current_version() == 1
    assert [v["state"] for v in store.versions(withdrawn=True)] == ["withdrawn", "current"]
