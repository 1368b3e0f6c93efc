"""/changes: every version with its details and what it changed, paged; withdrawn versions out
of public view; the API's diff against the version before in public view."""

from __future__ import annotations

from support import NEW, publish

from lookup.lists import store
from lookup.office import history, workflow
from lookup.office.audit import Actor


def rows_with(note: str) -> list[dict]:
    rows = [dict(i) for i in store.items_of(None, "abolished")]
    rows[0]["note"] = note
    return rows


def test_every_version_is_listed_with_its_own_change_and_paged(app, client):
    for n in range(2, 13):
        publish(app, {"abolished": rows_with(f"第 {n} 次修改")}, note=f"修改 {n}")
    first = client.get("/changes").get_data(as_text=True)
    assert "共 12 个，第 1 / 2 页" in first
    for n in range(3, 13):
        assert f'id="version-{n}"' in first
        assert f"与第 {n - 1} 版相比的变化：取消清单新增 0、移出 0、修改 1" in first
        assert f"第 {n} 次修改" in first
    assert "无变化" not in first
    second = client.get("/changes?page=2").get_data(as_text=True)
    assert 'id="version-2"' in second
    assert 'id="version-1"' in second
    assert "首次发布" in second
    assert 'id="version-12"' not in second
    assert client.get("/changes?page=99").status_code == 200  # the last page
    assert client.get("/changes?page=x").status_code == 200


def test_a_withdrawn_version_leaves_public_view_and_the_next_diff_skips_it(app, client):
    publish(app, {"abolished": [*rows_with("甲"), dict(NEW)]})
    workflow.withdraw(app, 2, reason="发错了", actor=Actor("publisher1"))
    publish(app, {"abolished": rows_with("乙")})
    page = client.get("/changes").get_data(as_text=True)
    assert 'id="version-2"' not in page
    assert NEW["name"] not in page
    assert "与第 1 版相比的变化" in page
    body = client.get("/api/v1/versions/3/diff").get_json()
    assert body["from"] == 1
    assert body["summary"]["abolished"] == {"added": 0, "removed": 0, "changed": 1}
    assert client.get("/api/v1/versions/2/diff").status_code == 404
    assert [v["number"] for v in client.get("/api/v1/versions").get_json()["versions"]] == [3, 1]


def test_a_long_change_lists_the_first_items_and_counts_them_all(app, client):
    rows = [dict(i) for i in store.items_of(1, "abolished")][: 216 - history.SHOW - 5]
    publish(app, {"abolished": rows})
    page = client.get("/changes").get_data(as_text=True)
    assert (
        f'移出 {history.SHOW + 5} 项</strong><span class="muted">（以下列出前 {history.SHOW} 项）'
        in page
    )
