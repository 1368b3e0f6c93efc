"""Publishing: new versions, rollback, the publish lease and indexes built aside."""

from __future__ import annotations

import json
import os
import socket

import pytest
from sqlalchemy import select
from support import NEW

from lookup.core.errors import IndexMissing, LookupServiceError, PublishBusy
from lookup.lists import lease, store
from lookup.lists.db import session_factory
from lookup.lists.models import Lease, Version
from lookup.office import publishing
from lookup.search import indexer, vocab


def rows_of(version, list_kind):
    drop = ("id", "since_version", "position")
    return [
        {k: v for k, v in i.items() if k not in drop} for i in store.items_of(version, list_kind)
    ]


def publish(app, rows, list_kind="abolished", note="测试"):
    return publishing.publish_lists(app, {list_kind: rows}, note=note, author="test", source="test")


def search_ids(client, q):
    body = client.get("/api/v1/search", query_string={"q": q, "per_page": 50}).get_json()
    return body["version"], [r["id"] for r in body["results"]], body


def test_publish_a_list_makes_a_new_version_and_carries_the_other(app):
    retained = store.items_of(1, "retained")
    number = publish(app, [*rows_of(1, "abolished"), NEW])
    assert number == 2
    assert store.current_version() == 2
    assert len(store.items_of(2, "abolished")) == 217
    assert store.items_of(2, "retained") == retained
    assert store.version_info(2)["summary"]["abolished"] == {"added": 1, "removed": 0, "changed": 0}
    assert store.version_info(2)["summary"]["retained"] == {"added": 0, "removed": 0, "changed": 0}


def test_progress_is_reported(app):
    said = []
    publishing.publish_lists(
        app,
        {"abolished": rows_of(1, "abolished")},
        note="",
        author="t",
        source="t",
        progress=said.append,
    )
    assert said[-1] == "已发布版本 2"


def test_rollback_publishes_a_new_version_and_search_forgets(app, client):
    new_version = publish(app, [*rows_of(1, "abolished"), NEW])
    version, ids, _ = search_ids(client, NEW["name"])
    added = [i["id"] for i in store.items_of(new_version, "abolished") if i["name"] == NEW["name"]]
    assert version == 2
    assert added[0] in ids

    number = publishing.republish(app, 1, author="test")
    assert number == 3
    assert [v["number"] for v in store.versions()] == [3, 2, 1]
    # history is kept as it was
    assert len(store.items_of(2, "abolished")) == 217
    assert store.get_item(added[0], version=2) is not None
    # the new version has version 1's content, with the same ids
    assert store.items_of(3, "abolished") == [
        dict(i, position=i["position"]) for i in store.items_of(1, "abolished")
    ]
    assert store.version_info(3)["summary"]["abolished"]["removed"] == 1
    assert store.get_item(added[0]) is None
    version, ids, _ = search_ids(client, NEW["name"])
    assert version == 3
    assert added[0] not in ids


def test_rollback_to_an_unknown_version(app):
    with pytest.raises(LookupServiceError) as info:
        publishing.republish(app, 42, author="test")
    assert "版本 42" in info.value.message
    assert store.current_version() == 1


def test_a_second_publish_while_the_lease_is_held_is_refused(app):
    with session_factory(app)() as session:
        me = lease.holder_name()  # a live holder: this very process
        assert lease.acquire(session, publishing.LEASE, me, 60, "张三：导入 清单.xlsx") is None
        with pytest.raises(PublishBusy) as info:
            publish(app, rows_of(1, "abolished"))
        assert "正在进行另一次发布" in info.value.message
        assert "张三" in info.value.message
        assert info.value.status == 409
        assert store.current_version() == 1
        lease.release(session, publishing.LEASE, me)
    assert publish(app, rows_of(1, "abolished")) == 2


def test_publishing_is_serialised_by_the_context_manager(app):
    with session_factory(app)() as session, publishing.publish_lease(session, "甲"):
        other = session_factory(app)()
        with pytest.raises(PublishBusy), publishing.publish_lease(other, "乙"):
            pass
        other.close()
    with session_factory(app)() as session:
        assert session.get(Lease, publishing.LEASE).holder is None


def test_a_stale_lease_of_a_dead_process_is_taken_over(app):
    dead = f"{socket.gethostname()}:999999999:deadbeef"
    with session_factory(app)() as session:
        assert lease.acquire(session, publishing.LEASE, dead, 900, "已退出的发布") is None
    assert publish(app, rows_of(1, "abolished")) == 2


def test_an_expired_lease_is_taken_over(app):
    other_host = "another-node:1:cafe"
    with session_factory(app)() as session:
        assert lease.acquire(session, publishing.LEASE, other_host, -1, "过期") is None
    assert publish(app, rows_of(1, "abolished")) == 2


def test_a_live_lease_on_another_host_is_respected(app):
    with session_factory(app)() as session:
        assert (
            lease.acquire(session, publishing.LEASE, "another-node:1:cafe", 600, "别的节点") is None
        )
    with pytest.raises(PublishBusy):
        publish(app, rows_of(1, "abolished"))


def test_a_building_version_is_invisible_and_discarded_by_the_next_publish(app, client):
    with session_factory(app)() as session:
        content = {"abolished": [*store.items_of(1, "abolished")], "retained": []}
        content["abolished"].append(dict(store.items_of(1, "abolished")[0], id="a-half"))
        assert store.create_version(session, content, note="半成品", author="t", source="t") == 2
    assert store.current_version() == 1
    assert client.get("/healthz").get_json()["version"] == 1
    assert [v["number"] for v in store.versions()] == [1]
    assert store.get_item("a-half") is None
    number = publish(app, rows_of(1, "abolished"))
    assert number == 3
    with session_factory(app)() as session:
        assert session.get(Version, 2).status == "failed"
    assert store.items_of(2) == []
    assert [v["number"] for v in store.versions()] == [3, 1]


def test_a_failed_publish_leaves_nothing_visible_and_frees_the_lease(app):
    items = store.items_of(1, "abolished")
    broken = [*items, dict(items[0])]  # ids given (like a rollback), one twice
    with pytest.raises(Exception, match="UNIQUE"):
        publish(app, broken)
    assert store.current_version() == 1
    with session_factory(app)() as session:
        statuses = list(session.scalars(select(Version.status).order_by(Version.number)))
        assert statuses == ["published"]
        assert session.get(Lease, publishing.LEASE).holder is None
    assert publish(app, rows_of(1, "abolished")) >= 2


def test_a_tmp_folder_of_a_dead_build_is_pruned(app):
    root = indexer.indexes_root(app.config["LOOKUP_HOME"])
    dead = root / ".tmp-v2-999999999-abcdef"
    dead.mkdir(parents=True)
    (dead / "junk").write_text("x")
    alive = root / f".tmp-v2-{os.getpid()}-abcdef"
    alive.mkdir()
    publish(app, rows_of(1, "abolished"))
    assert not dead.exists()
    assert alive.exists()


def test_an_index_folder_without_meta_is_not_used(app, client):
    home = app.config["LOOKUP_HOME"]
    digest = vocab.load(app.config["VOCAB_DIR"]).digest
    # a build that died after the rename target was created but before meta.json
    half = indexer.version_dir(home, 2, digest)
    half.mkdir(parents=True)
    (half / "junk").write_text("x")
    assert not indexer.is_built(home, 2, digest)
    with pytest.raises(IndexMissing):
        indexer.open_version(home, 2, digest)
    number = publish(app, [*rows_of(1, "abolished"), NEW])
    assert number == 2
    assert indexer.is_built(home, 2, digest)
    meta = json.loads((half / "meta.json").read_text())
    assert meta["version"] == 2
    assert meta["vocab"] == digest
    assert meta["items"] == len(store.items_of(2))
    version, ids, _ = search_ids(client, NEW["name"])
    assert version == 2
    assert ids


def test_old_indexes_are_pruned(app):
    home = app.config["LOOKUP_HOME"]
    digest = vocab.load(app.config["VOCAB_DIR"]).digest
    for _ in range(4):
        publish(app, rows_of(1, "abolished"))
    assert store.current_version() == 5
    assert not indexer.version_dir(home, 1, digest).exists()
    assert indexer.is_built(home, 5, digest)
