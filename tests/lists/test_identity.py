"""Stable item ids across versions, and the diff of two lists of items."""

from __future__ import annotations

from lookup.lists.identity import assign_ids, changed_fields, diff_items, new_id


def row(name, matter="居住证办理", dept="市公安局", issuer="村（居）委会", **more):
    return {
        "name": name,
        "matter": matter,
        "requiring_department": dept,
        "issuing_authority": issuer,
        "basis": more.pop("basis", "《居住证暂行条例》"),
        "replacement": more.pop("replacement", "告知承诺"),
        "note": more.pop("note", ""),
        **more,
    }


def published(rows, list_kind="abolished", since=1):
    items = assign_ids(list_kind, rows, [])
    for item in items:
        item["since_version"] = since
    return items


def test_new_ids_are_derived_from_content():
    a = assign_ids("abolished", [row("亲属关系证明")], [])
    b = assign_ids("abolished", [row("亲属关系证明")], [])
    assert a[0]["id"] == b[0]["id"]
    assert a[0]["id"].startswith("a")
    assert assign_ids("retained", [row("亲属关系证明")], [])[0]["id"].startswith("r")
    assert a[0]["since_version"] is None


def test_new_id_avoids_taken_ids():
    first = new_id("abolished", row("出生证明"), set())
    second = new_id("abolished", row("出生证明"), {first})
    assert first != second


def test_same_rows_keep_their_ids():
    current = published([row("亲属关系证明"), row("居住证明"), row("死亡证明")])
    again = assign_ids(
        "abolished", [row("死亡证明"), row("亲属关系证明"), row("居住证明")], current
    )
    assert {r["name"]: r["id"] for r in again} == {c["name"]: c["id"] for c in current}
    assert all(r["since_version"] == 1 for r in again)


def test_a_basis_change_keeps_the_id():
    current = published([row("亲属关系证明", basis="旧依据")])
    new = assign_ids("abolished", [row("亲属关系证明", basis="新依据")], current)
    assert new[0]["id"] == current[0]["id"]


def test_a_matter_wording_change_keeps_the_id():
    current = published([row("亲属关系证明", matter="居住证办理")])
    new = assign_ids("abolished", [row("亲属关系证明", matter="居住证申领（随迁子女）")], current)
    assert new[0]["id"] == current[0]["id"]


def test_a_department_change_with_the_same_matter_keeps_the_id():
    current = published([row("亲属关系证明", issuer="派出所")])
    new = assign_ids("abolished", [row("亲属关系证明", issuer="村委会")], current)
    assert new[0]["id"] == current[0]["id"]


def test_spaces_around_values_do_not_change_the_id():
    current = published([row("亲属关系证明")])
    new = assign_ids("abolished", [row(" 亲属关系证明 ", matter="居住证办理 ")], current)
    assert new[0]["id"] == current[0]["id"]


def test_exact_matches_win_before_looser_ones():
    current = published([row("亲属关系证明", matter="甲"), row("亲属关系证明", matter="乙")])
    # the first row changed wording, the second is exactly the first current item
    new = assign_ids(
        "abolished",
        [row("亲属关系证明", matter="乙（修改）"), row("亲属关系证明", matter="甲")],
        current,
    )
    assert new[1]["id"] == current[0]["id"]
    assert new[0]["id"] == current[1]["id"]


def test_duplicates_pair_one_to_one():
    current = published([row("居住证明"), row("居住证明")])
    assert current[0]["id"] != current[1]["id"]
    new = assign_ids("abolished", [row("居住证明"), row("居住证明"), row("居住证明")], current)
    assert [r["id"] for r in new[:2]] == [c["id"] for c in current]
    assert new[2]["id"] not in {c["id"] for c in current}
    assert new[2]["since_version"] is None
    assert len({r["id"] for r in new}) == 3


def test_a_new_name_gets_a_new_id():
    current = published([row("亲属关系证明")])
    new = assign_ids("abolished", [row("亲属关系证明"), row("无房证明")], current)
    assert new[0]["id"] == current[0]["id"]
    assert new[1]["id"] != current[0]["id"]


def test_changed_fields():
    before = row("亲属关系证明")
    after = row("亲属关系证明", basis="新依据", note="说明")
    assert changed_fields(before, after) == ["basis", "note"]
    assert changed_fields(before, dict(before, seq="9")) == []
    assert changed_fields({"note": None}, {"note": ""}) == []


def test_diff_items_added_removed_changed():
    old = published([row("亲属关系证明"), row("居住证明"), row("死亡证明")])
    rows = [row("亲属关系证明", basis="新依据"), row("居住证明"), row("无房证明")]
    new = assign_ids("abolished", rows, old)
    changes = diff_items(old, new)
    assert [i["name"] for i in changes["added"]] == ["无房证明"]
    assert [i["name"] for i in changes["removed"]] == ["死亡证明"]
    assert len(changes["changed"]) == 1
    change = changes["changed"][0]
    assert change["id"] == old[0]["id"]
    assert change["fields"] == ["basis"]
    assert change["before"]["basis"] == "《居住证暂行条例》"
    assert change["after"]["basis"] == "新依据"


def test_diff_of_identical_lists_is_empty():
    items = published([row("亲属关系证明"), row("居住证明")])
    assert diff_items(items, [dict(i) for i in items]) == {
        "added": [],
        "removed": [],
        "changed": [],
    }
