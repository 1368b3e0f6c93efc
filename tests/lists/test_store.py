"""The store: versions, items in published order, facets, diff and unfinished versions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.models import Item, Version
from lookup.office import publishing


def publish(app, list_kind, rows, note="测试"):
    return publishing.publish_lists(app, {list_kind: rows}, note=note, author="test", source="test")


def content(items):
    return [
        {k: v for k, v in i.items() if k not in ("id", "since_version", "position")} for i in items
    ]


def test_seeded_store_holds_version_1(app):
    assert store.current_version() == 1
    assert store.has_versions()
    assert len(store.items_of(1, "abolished")) == 216
    assert len(store.items_of(1, "retained")) >= 30


def test_items_of_keeps_the_published_order(app):
    items = store.items_of(1, "abolished")
    assert [i["position"] for i in items] == list(range(len(items)))
    assert [i["seq"] for i in items[:3]] == ["1", "2", "3"]
    both = store.items_of(1)
    assert [i["list"] for i in both] == sorted(i["list"] for i in both)
    # the order of a new import is the order of its rows
    rows = content(items)[::-1]
    number = publish(app, "abolished", rows)
    assert [i["name"] for i in store.items_of(number, "abolished")] == [r["name"] for r in rows]


def test_item_shape(app):
    item = store.items_of(1, "abolished")[0]
    assert set(item) >= {
        "id", "list", "seq", "name", "matter", "requiring_department", "issuing_authority",
        "basis", "replacement", "method", "note", "since_version",
    }  # fmt: skip
    assert store.get_item(item["id"]) == item
    assert store.get_item("nope") is None
    assert store.get_item(item["id"], version=99) is None


def test_ids_are_stable_across_versions(app):
    before = store.items_of(1, "abolished")
    rows = content(before)
    rows[0]["basis"] = "《新的依据》第一条"
    rows[1]["matter"] = rows[1]["matter"] + "（表述调整）"
    number = publish(app, "abolished", rows)
    after = store.items_of(number, "abolished")
    assert [i["id"] for i in after] == [i["id"] for i in before]
    assert all(i["since_version"] == 1 for i in after)
    # the other list was carried over unchanged
    assert store.items_of(number, "retained") == store.items_of(1, "retained")


def test_diff_between_versions(app):
    rows = content(store.items_of(1, "abolished"))
    removed = rows.pop(5)
    rows[0]["note"] = "新增备注"
    rows.append(dict(rows[1], name="测试新增证明", matter="测试事项"))
    number = publish(app, "abolished", rows)
    changes = store.diff(1, number)
    part = changes["abolished"]
    assert [i["name"] for i in part["added"]] == ["测试新增证明"]
    assert part["added"][0]["since_version"] == number
    assert [(i["name"], i["matter"]) for i in part["removed"]] == [
        (removed["name"], removed["matter"])
    ]
    assert [(c["fields"], c["after"]["note"]) for c in part["changed"]] == [(["note"], "新增备注")]
    assert changes["retained"] == {"added": [], "removed": [], "changed": []}
    assert store.summarise(changes)["abolished"] == {"added": 1, "removed": 1, "changed": 1}
    # against nothing, everything is added
    assert len(store.diff(0, 1)["abolished"]["added"]) == 216


def test_versions_listing(app):
    publish(app, "abolished", content(store.items_of(1, "abolished"))[:10], note="只留十项")
    versions = store.versions()
    assert [v["number"] for v in versions] == [2, 1]
    newest = versions[0]
    assert newest["note"] == "只留十项"
    assert newest["author"] == "test"
    assert newest["counts"]["abolished"] == 10
    assert newest["summary"]["abolished"]["removed"] == 206
    assert newest["published_at"].endswith("Z")
    assert store.version_info(2)["number"] == 2
    assert store.version_info(3) is None
    assert store.version_info(0) is None
    assert store.version_info(10**30) is None


def test_facets_counts(app):
    facets = store.facets("abolished")
    assert facets["total"] == 216
    assert sum(n for _d, n in facets["departments"]) == 216
    counts = [n for _d, n in facets["departments"]]
    assert counts == sorted(counts, reverse=True)
    methods = dict(facets["methods"])
    items = store.items_of(1, "abolished")
    for method, n in methods.items():
        assert n == sum(1 for i in items if i["method"] == method)
    department = facets["departments"][0][0]
    assert len(store.list_items("abolished", department=department)) == facets["departments"][0][1]
    method = facets["methods"][0][0]
    assert len(store.list_items("abolished", method=method)) == methods[method]


def test_a_building_version_is_invisible_and_discarded(app):
    with session_factory(app)() as session:
        items = {k: store.items_of(1, k, session) for k in ("abolished", "retained")}
        number = store.create_version(session, items, note="未完成", author="t", source="t")
        assert number == 2
        assert store.current_version(session) == 1
        assert store.version_info(2, session) is None
        assert [v["number"] for v in store.versions(session)] == [1]
        assert store.discard_unfinished(session) == [2]
        assert session.scalar(select(func.count()).where(Item.version == 2)) == 0
        assert session.get(Version, 2).status == "failed"
        assert store.discard_unfinished(session) == []
        # numbers are not reused
        assert store.next_version_number(session) == 3


def test_create_version_is_one_transaction(app):
    items = store.items_of(1, "abolished")
    duplicate = [*items, dict(items[0])]  # the same id twice breaks the unique index at the end
    with session_factory(app)() as session, pytest.raises(IntegrityError):
        store.create_version(session, {"abolished": duplicate}, note="x", author="t", source="t")
    with session_factory(app)() as session:
        assert session.scalar(select(func.max(Version.number))) == 1
        assert session.scalar(select(func.count()).where(Item.version == 2)) == 0


@pytest.mark.parametrize(
    ("text", "method"),
    (
        ("数据共享：通过学信网在线核验。", "数据共享"),
        ("网络核验：部门通过系统查询。", "数据共享"),
        ("直接取消：凭身份证直接登记。", "直接取消"),
        ("部门核验：窗口核查，系统无记录的由申请人书面承诺。", "部门核验"),
        ("告知承诺：申请人签署承诺书。", "告知承诺"),
        ("以现有证照替代：凭户口簿办理。", "证照替代"),
        ("按原规定办理", "其他"),
        ("", ""),
    ),
)
def test_method_named_first_wins(text, method):
    from lookup.core.fields import classify_method

    assert classify_method(text) == method
