"""Vocabulary versions: a change from a failed query previewed, published (audited, picked up
by every app on the database without a restart), rolled back; the blind sets never read."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from support import NEW, make_app, publish, search

from lookup.core.errors import Conflict, NotFound, PublishBusy
from lookup.lists import lease, store, vocab_store
from lookup.lists.db import get_session, session_factory
from lookup.lists.models import AuditEntry, VocabVersion
from lookup.office import insights, publishing, vocab_preview, vocab_publishing, vocabularies
from lookup.office.audit import Actor
from lookup.office.engines import follower
from lookup.office.vocab_changes import check, parse
from lookup.search import indexer, vocab

ROOT = Path(__file__).resolve().parents[2]
PINGHU = ROOT / "tests" / "relevance" / "pinghu.tsv"
BLIND = ROOT / "tests" / "blind"
CLERK = Actor("publisher1", "10.0.0.7")
DOG = {"kind": "synonym", "words": "犬证 宠物证", "targets": "居民养犬证明", "query": "犬证"}
# A change that keeps the rules but breaks an answer: every 关系证明, 赡养关系证明 (asked as
# 善养关系证明) among them, would be read as a question about 死亡证明.
HARMFUL = {"kind": "synonym", "words": "关系证明", "targets": "死亡证明"}


@pytest.fixture
def tuning(app, tmp_path) -> Path:
    """A few questions of the tuning set, so that a preview stays quick."""
    lines = PINGHU.read_text(encoding="utf-8").splitlines()
    keep = [lines[0]] + [
        line
        for line in lines[1:]
        if line.split("\t")[1] in ("居民养犬证明", "善养关系证明", "驾驶证年审")
    ]
    assert len(keep) == 4
    path = tmp_path / "tuning.tsv"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    app.config["VOCAB_TUNING_SET"] = str(path)
    return path


def failed(app, *queries: str) -> None:
    """Residents searched and found nothing (counted as the web layer counts searches)."""
    for query in queries:
        insights.record_result(search(app, query))
    insights.flush_all()


def test_a_preview_shows_the_failed_queries_it_would_answer(app, tuning):
    failed(app, "犬证", "宠物证", "犬证", "护照办理")
    result = vocab_preview.preview(app, parse(DOG), 0)
    assert result["lines"] == ["犬证 宠物证 => 居民养犬证明"]
    assert result["asked"]["before"]["status"] == "not_listed"
    assert result["asked"]["after"]["status"] == "abolished"
    assert "居民养犬证明" in result["asked"]["after"]["text"]
    answered = {row["query"]: row for row in result["answered"]}
    assert set(answered) == {"犬证", "宠物证"}
    assert answered["犬证"]["count"] == 2
    assert answered["犬证"]["after"]["label"] == "已取消"
    assert result["failed_tried"] == 3
    assert result["tuning"] == {"used": True, "reason": "", "checked": 3, "changed": []}
    # Nothing was published, and the engine in service did not change.
    assert vocabularies.current_number(app) == 0
    assert search(app, "犬证")["answer"]["status"] == "not_listed"
    assert not list(Path(app.config["LOOKUP_HOME"]).glob(".vocab-preview-*"))


def test_a_preview_shows_a_tuning_answer_that_would_change(app, tuning):
    result = vocab_preview.preview(app, parse(HARMFUL), 0)
    changed = result["tuning"]["changed"]
    assert [row["query"] for row in changed] == ["善养关系证明"]
    assert changed[0]["before"]["label"] == "已取消"
    assert changed[0]["after"]["status"] != "abolished"


def test_the_full_tuning_set_is_the_default(app):
    assert (
        Path(app.config.get("VOCAB_TUNING_SET", vocab_preview.SETTINGS["VOCAB_TUNING_SET"]))
        == PINGHU
    )
    result = vocab_preview.preview(app, parse(DOG), 0)
    assert result["tuning"]["used"]
    asked = len(PINGHU.read_text(encoding="utf-8").splitlines()) - 1
    assert result["tuning"]["checked"] >= 0.8 * asked  # those answered right today
    assert result["tuning"]["changed"] == []


def test_the_tuning_set_is_skipped_when_other_lists_are_published(app, tuning):
    drop = ("id", "since_version", "position")
    rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1, "abolished")]
    publish(app, {"abolished": [*rows, NEW]})
    result = vocab_preview.preview(app, parse(DOG), 0)
    assert result["tuning"]["used"] is False
    assert "不是调优问题集所依据的示例清单" in result["tuning"]["reason"]
    assert result["asked"]["after"]["status"] == "abolished"


def test_the_tuning_set_is_skipped_when_the_file_is_missing(app, tmp_path):
    app.config["VOCAB_TUNING_SET"] = str(tmp_path / "absent.tsv")
    result = vocab_preview.preview(app, parse(DOG), 0)
    assert result["tuning"] == {
        "used": False,
        "reason": "没有找到调优问题集，已跳过这一项检查。",
        "checked": 0,
        "changed": [],
    }


class Opened:
    """Every file this process opens while it is on (an audit hook sees C-level opens too)."""

    def __init__(self) -> None:
        self.on = False
        self.paths: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if self.on and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
            self.paths.append(str(args[0]))

    def under(self, folder: Path) -> list[str]:
        root = str(folder.resolve())
        return [p for p in self.paths if str(Path(p).resolve()).startswith(root)]


_opened = Opened()


@pytest.mark.parametrize("configured", [None, "round-1/pinghu/questions.tsv"])
def test_the_blind_sets_are_never_read(app, configured):
    blind = sorted(BLIND.glob("round-*/*/questions.tsv"))
    assert blind, "tests/blind has no question set"
    if configured:
        app.config["VOCAB_TUNING_SET"] = str(BLIND / configured)
    failed(app, "犬证")
    _opened.paths.clear()
    _opened.on = True
    try:
        result = vocab_preview.preview(app, parse(DOG), 0)
        vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    finally:
        _opened.on = False
    assert _opened.paths, "the audit hook saw no file opened"
    assert _opened.under(BLIND) == []
    if configured:
        assert result["tuning"]["used"] is False
        assert "盲测集" in result["tuning"]["reason"]
    else:
        assert str(PINGHU) in _opened.paths


def _audit(app) -> list[tuple[str, str, str]]:
    session = get_session()
    session.expire_all()
    rows = session.scalars(select(AuditEntry).where(AuditEntry.action.like("vocab_%")))
    return [(r.action, r.user, r.detail) for r in rows.all()]


def test_publish_then_roll_back_as_the_lists_do(app, tuning):
    assert search(app, "犬证")["answer"]["status"] == "not_listed"
    number = vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    assert number == 1
    assert vocabularies.current_number(app) == 1
    # This app's engine follows without a restart, and so does a second app on the database.
    assert search(app, "犬证")["answer"]["status"] == "abolished"
    assert follower(app).engine.settings.vocabulary_version == 1
    other = make_app(Path(app.config["LOOKUP_HOME"]))
    with other.app_context():
        assert search(other, "宠物证")["answer"]["status"] == "abolished"

    texts = vocabularies.texts_of(app, 1)
    assert texts[vocab.SYNONYMS].endswith("犬证 宠物证 => 居民养犬证明\n")
    digest = vocab.from_texts(texts).digest
    assert indexer.is_built(app.config["LOOKUP_HOME"], 1, digest)

    back = vocab_publishing.roll_back(app, 0, actor=Actor.command_line("张三"))
    assert back == 2
    assert search(app, "犬证")["answer"]["status"] == "not_listed"
    with other.app_context():
        assert search(other, "宠物证")["answer"]["status"] == "not_listed"
    again = vocab_publishing.roll_back(app, 1, actor=CLERK)
    assert search(app, "犬证")["answer"]["status"] == "abolished"

    with session_factory(app)() as session:
        versions = vocab_store.versions(session)
    assert [v["number"] for v in versions] == [again, back, number]
    assert versions[0]["source"] == "rollback:1"
    assert versions[1]["shipped"]
    assert versions[1]["note"].startswith("恢复为随程序发布的默认词表")
    assert versions[2]["changes"] == {
        vocab.SYNONYMS: {
            "added": ["犬证 宠物证 => 居民养犬证明"],
            "removed": [],
            "n_added": 1,
            "n_removed": 0,
        }
    }
    assert versions[2]["author"] == "publisher1"
    actions = _audit(app)
    assert [a for a, _u, _d in actions] == ["vocab_publish", "vocab_rollback", "vocab_rollback"]
    assert "证明的同义词：犬证 宠物证 => 居民养犬证明（来自查询“犬证”）" in actions[0][2]
    assert actions[1][1].startswith("张三（")


def test_a_list_published_later_is_indexed_with_the_vocabulary_in_effect(app):
    vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    drop = ("id", "since_version", "position")
    rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1, "abolished")]
    number = publish(app, {"abolished": [*rows, NEW]})
    assert search(app, "犬证")["version"] == number
    assert search(app, "犬证")["answer"]["status"] == "abolished"
    digest = vocab.from_texts(vocabularies.texts_of(app, 1)).digest
    assert indexer.is_built(app.config["LOOKUP_HOME"], number, digest)


def test_a_proposal_made_on_an_older_vocabulary_is_refused(app):
    vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    filler = parse({"kind": "filler", "words": "咋整"})
    with pytest.raises(Conflict) as refused:
        vocab_publishing.publish_proposal(app, filler, base=0, actor=CLERK)
    assert "请重新预览" in refused.value.message
    assert vocabularies.current_number(app) == 1


def test_a_publish_is_refused_while_another_holds_the_lease(app):
    with session_factory(app)() as session:
        assert lease.acquire(session, publishing.LEASE, "elsewhere:1:x", 60, "导入") is None
        with pytest.raises(PublishBusy):
            vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
        lease.release(session, publishing.LEASE, "elsewhere:1:x")
    assert vocabularies.current_number(app) == 0


def test_a_failed_index_build_publishes_nothing(app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(indexer, "build", broken)
    with pytest.raises(OSError, match="disk full"):
        vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    assert vocabularies.current_number(app) == 0
    with session_factory(app)() as session:
        statuses = list(session.scalars(select(VocabVersion.status)))
    assert statuses == ["failed"]
    assert search(app, "犬证")["answer"]["status"] == "not_listed"


def test_rolling_back_to_an_unknown_version_is_refused(app):
    with pytest.raises(NotFound) as refused:
        vocab_publishing.roll_back(app, 7, actor=CLERK)
    assert refused.value.code == "unknown_vocab_version"
    assert "词表版本 7 不存在" in refused.value.message


def test_large_lists_are_indexed_by_the_followers_not_in_the_request(app, monkeypatch):
    """Above what a follower loads on the request path, a web publish does not build the index
    (followers build it aside, the old engine serving meanwhile); the command line does."""
    monkeypatch.setattr(vocab_publishing, "SYNC_LOAD_MAX_ITEMS", 10)
    home = app.config["LOOKUP_HOME"]
    number = vocab_publishing.publish_proposal(app, parse(DOG), base=0, actor=CLERK)
    digest = vocab.from_texts(vocabularies.texts_of(app, number)).digest
    assert not indexer.is_built(home, 1, digest)
    assert vocabularies.current_number(app) == number
    deadline = time.monotonic() + 300
    while search(app, "犬证")["answer"]["status"] != "abolished":
        assert time.monotonic() < deadline, "the follower did not build the new index"
        time.sleep(0.1)
    assert indexer.is_built(home, 1, digest)

    filler = parse({"kind": "filler", "words": "咋整"})
    texts = check(filler, vocabularies.texts_of(app, number), store.items_of())
    vocab_publishing.publish(app, texts, actor=CLERK, note="", source="test", build=True)
    assert indexer.is_built(home, 1, vocab.from_texts(texts).digest)
