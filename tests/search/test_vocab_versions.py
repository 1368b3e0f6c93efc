"""A vocabulary parsed from texts (the office's versions) is the vocabulary of the files, the
digest is taken over the texts, and a follower moves to a newly published vocabulary."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support import NEW, make_app, publish, search

from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.search import indexer, service, vocab
from lookup.search.analysis import get_segmenter
from lookup.search.engine import Settings
from lookup.search.following import Follower, Published

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "vocab"
DOG = "犬证 宠物证 => 居民养犬证明\n"


def test_texts_parse_as_the_files_do():
    from_files = vocab.load(SHIPPED)
    from_texts = vocab.from_texts(vocab.read_texts(SHIPPED))
    assert from_texts == from_files
    assert from_texts.synonyms["养狗"] == ("养犬",)
    assert "吗" in from_texts.stopwords


def test_the_digest_is_over_the_texts(tmp_path):
    texts = vocab.read_texts(SHIPPED)
    digest = vocab.from_texts(texts).digest
    assert vocab.from_texts(dict(texts)).digest == digest
    changed = {**texts, vocab.SYNONYMS: texts[vocab.SYNONYMS] + DOG}
    assert vocab.from_texts(changed).digest != digest
    # Even a comment changes it: the index records exactly which texts built it.
    commented = {**texts, vocab.STOPWORDS: texts[vocab.STOPWORDS] + "# 注释\n"}
    assert vocab.from_texts(commented).digest != digest
    # A missing file is an empty text, the same for folders and the store.
    (tmp_path / vocab.SYNONYMS).write_text(texts[vocab.SYNONYMS], encoding="utf-8")
    only = vocab.load(tmp_path)
    assert only.digest == vocab.from_texts({vocab.SYNONYMS: texts[vocab.SYNONYMS]}).digest
    assert only.stopwords == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("犬证 宠物证 => 居民养犬证明  # 注释", ["犬证 宠物证 => 居民养犬证明"]),
        ("# 只有注释\n\n  \n", []),
        ("ＡＢＣ 親屬 => 亲属关系", ["abc 亲属 => 亲属关系"]),
    ],
)
def test_lines_are_read_as_the_search_reads_them(text, expected):
    assert vocab.lines(text) == expected


def _follower(app, published: list[Published], vocabularies: dict[int, vocab.Vocabulary]):
    shipped = vocab.load(SHIPPED)
    settings = Settings(home=Path(app.config["LOOKUP_HOME"]), vocabulary=shipped)

    def items_of(version: int) -> list[dict]:  # also from the follower's build thread
        with session_factory(app)() as session:
            return store.items_of(version, session=session)

    return Follower(
        settings,
        lambda: published[-1],
        items_of,
        0.0,
        vocabulary_of=lambda number: vocabularies[number],
    )


def _status(follower: Follower, query: str) -> str:
    return service.run(follower.get(), query)["answer"]["status"]


def test_a_follower_moves_to_a_new_vocabulary_and_back(app):
    shipped = vocab.load(SHIPPED)
    texts = vocab.read_texts(SHIPPED)
    dog = vocab.from_texts({**texts, vocab.SYNONYMS: texts[vocab.SYNONYMS] + DOG})
    published = [Published(1, 0)]
    vocabularies = {0: shipped, 1: dog, 2: shipped}
    follower = _follower(app, published, vocabularies)
    assert _status(follower, "犬证") == "not_listed"
    first = follower.engine

    # Another node published vocabulary 1: this one has no index for it yet, so it is built
    # beside the engine in hand, which keeps answering meanwhile.
    published.append(Published(1, 1))
    assert not indexer.is_built(app.config["LOOKUP_HOME"], 1, dog.digest)
    assert follower.get() is first
    engine = _after_the_build(follower)
    assert (engine.version, engine.settings.vocabulary_version) == (1, 1)
    assert engine.settings.vocabulary.digest == dog.digest
    assert _status(follower, "犬证") == "abolished"
    assert follower.previous is first

    # A rollback to the shipped texts is a new number; its index is on disk, but this process
    # holds only the new vocabulary's segmenter: the shipped one is made in the background too.
    published.append(Published(1, 2))
    assert indexer.is_built(app.config["LOOKUP_HOME"], 1, shipped.digest)
    assert _status(follower, "犬证") == "abolished"
    engine = _after_the_build(follower)
    assert (engine.version, engine.settings.vocabulary_version) == (1, 2)
    assert engine.settings.vocabulary.digest == shipped.digest
    assert _status(follower, "犬证") == "not_listed"

    # Back to vocabulary 1, whose index is built and whose segmenter this process holds
    # (made by a publish on this node, here by hand): loaded by the request that notices it.
    get_segmenter(dog, Path(app.config["LOOKUP_HOME"]) / "cache")
    published.append(Published(1, 3))
    vocabularies[3] = dog
    assert _status(follower, "犬证") == "abolished"
    assert follower.engine.settings.vocabulary_version == 3


def _after_the_build(follower: Follower):
    """The engine once the follower's background build has ended (waits, asserts no time)."""
    deadline = time.monotonic() + 300
    while follower.building and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not follower.building
    return follower.get()


def test_a_build_overtaken_by_a_newer_publish_is_not_swapped_in(app):
    shipped = vocab.load(SHIPPED)
    follower = _follower(app, [Published(1, 3)], {3: shipped, 2: shipped})
    engine = follower.get()
    follower._build(Published(1, 2), follower.settings)  # finished after 3 was published
    assert follower.get() is engine
    assert follower.engine.settings.vocabulary_version == 3


def test_a_withdrawn_version_is_left_even_when_the_older_one_is_built_in_the_background(app):
    """Withdrawing the newest version makes an older number current: numbers do not only grow."""
    with app.app_context():
        drop = ("id", "since_version", "position")
        rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1)]
        publish(app, {"abolished": [*(r for r in rows if r["list"] == "abolished"), NEW]})
    shipped = vocab.load(SHIPPED)
    # A vocabulary no index was built with: the older version is loaded in the background.
    changed = vocab.from_texts(
        {
            **vocab.read_texts(SHIPPED),
            vocab.SYNONYMS: vocab.read_texts(SHIPPED)[vocab.SYNONYMS]
            + "# withdrawn-version test\n"
            + DOG,
        }
    )
    published = [Published(2, 0)]
    follower = _follower(app, published, {0: shipped, 3: changed})
    assert follower.get().version == 2
    published.append(Published(1, 3))
    assert follower.get().version == 2  # served while the older version is loaded
    deadline = time.monotonic() + 300
    while follower.building and time.monotonic() < deadline:
        time.sleep(0.05)
    # Swapped in by the build itself (large lists are never loaded on a request's check).
    engine = follower.engine
    assert (engine.version, engine.settings.vocabulary_version) == (1, 3)


def test_settings_carry_the_vocabulary_into_an_ablation(app):
    from lookup.office.engines import follower

    engine = follower(app).get()
    ablated = replace(engine.settings, disabled=frozenset({"synonyms"}))
    assert ablated.vocabulary is engine.settings.vocabulary
    assert "vocabulary=" not in repr(ablated)  # the whole vocabulary is not logged


def test_edited_shipped_files_take_effect_at_the_next_list_publish(home, tmp_path):
    """Version 0 is the files in VOCAB_DIR: an operator's edit is read at the next publish,
    by the publishing node and by every follower alike (or at a restart)."""
    folder = tmp_path / "vocab"
    shutil.copytree(SHIPPED, folder)
    app = make_app(home, VOCAB_DIR=str(folder))
    with app.app_context():
        assert search(app, "犬证")["answer"]["status"] == "not_listed"
        with open(folder / vocab.SYNONYMS, "a", encoding="utf-8") as fh:
            fh.write(DOG)
        assert search(app, "犬证")["answer"]["status"] == "not_listed"
        drop = ("id", "since_version", "position")
        rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1)]
        publish(app, {"abolished": [*(r for r in rows if r["list"] == "abolished"), NEW]})
        answer = search(app, "犬证")
        assert answer["version"] == 2
        assert answer["answer"]["status"] == "abolished"
