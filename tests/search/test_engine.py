"""The per-process engine follows the published version and rebuilds what is missing."""

from __future__ import annotations

import shutil

from support import NEW, make_app, publish

from lookup.lists import store
from lookup.office.engines import follower
from lookup.search import indexer, vocab


def search(client, q):
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()


def test_a_running_app_follows_a_publish(app, client):
    assert app.config["VERSION_CHECK_INTERVAL"] == 0
    before = search(client, NEW["name"])
    assert before["version"] == 1
    assert NEW["name"] not in [r["name"] for r in before["results"]]
    engine = follower(app).engine
    assert engine.version == 1

    drop = ("id", "since_version", "position")
    rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1, "abolished")]
    number = publish(app, {"abolished": [*rows, NEW]}, note="新增")

    after = search(client, NEW["name"])
    assert after["version"] == number == 2
    assert after["results"][0]["name"] == NEW["name"]
    assert follower(app).engine.version == 2
    assert follower(app).previous is engine
    assert client.get("/healthz").get_json() == {"status": "ok", "version": 2}


def test_a_missing_index_is_rebuilt_on_first_use(home):
    shutil.rmtree(home / "indexes")
    app = make_app(home)
    with app.app_context():
        digest = vocab.load(app.config["VOCAB_DIR"]).digest
        assert not indexer.is_built(home, 1, digest)
        body = search(app.test_client(), "亲属关系证明")
        assert body["version"] == 1
        assert body["results"]
        assert indexer.is_built(home, 1, digest)


def test_the_index_records_the_vocabulary_digest(home, tmp_path):
    vocab_dir = tmp_path / "vocab"
    shutil.copytree(make_app(home).config["VOCAB_DIR"], vocab_dir)
    old_digest = vocab.load(vocab_dir).digest
    assert indexer.is_built(home, 1, old_digest)

    with open(vocab_dir / "userdict.txt", "a", encoding="utf-8") as fh:
        fh.write("\n测试专用鸭梨 3000 n\n")
    new_digest = vocab.load(vocab_dir).digest
    assert new_digest != old_digest

    app = make_app(home, VOCAB_DIR=str(vocab_dir))
    with app.app_context():
        assert search(app.test_client(), "亲属关系证明")["results"]
    folder = indexer.version_dir(home, 1, new_digest)
    assert folder != indexer.version_dir(home, 1, old_digest)
    assert indexer.is_built(home, 1, new_digest)
    assert indexer.is_built(home, 1, old_digest)
    meta = (folder / "meta.json").read_text()
    assert new_digest in meta
