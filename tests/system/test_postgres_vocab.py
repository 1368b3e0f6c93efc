"""Vocabulary versions on PostgreSQL: two nodes (each its own LOOKUP_HOME and indexes) on one
database; a vocabulary published on one is followed by the other, which builds its own index
in the background meanwhile; a rollback on the second is followed by the first.

Runs with `LOOKUP_TEST_POSTGRES` (an admin URL) like tests/system/test_postgres.py: a fresh
database is made for this module and dropped after; without it these tests skip, unless
`LOOKUP_REQUIRE_POSTGRES=1`.
"""

from __future__ import annotations

import time

import pytest
from databases import postgres_database
from support import make_app, search

from lookup.lists import vocab_store
from lookup.lists.db import session_factory
from lookup.office import setup, vocab_publishing, vocabularies
from lookup.office.audit import Actor
from lookup.office.engines import follower
from lookup.office.vocab_changes import parse
from lookup.search import indexer, vocab

pytestmark = [pytest.mark.postgres]
DOG = {"kind": "synonym", "words": "犬证 宠物证", "targets": "居民养犬证明", "query": "犬证"}


@pytest.fixture(scope="module")
def pg_url():
    with postgres_database("lookup_vocab") as url:
        yield url


def _followed(app, status: str) -> None:
    """Ask until this node's engine answers 犬证 with `status` (its build may run aside)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if search(app, "犬证")["answer"]["status"] == status:
            return
        time.sleep(0.1)
    pytest.fail(f"the node did not follow: {follower(app).engine.settings.vocabulary_version}")


def test_two_nodes_follow_a_vocabulary_and_its_rollback(pg_url, tmp_path):
    one = make_app(tmp_path / "node-1", DATABASE_URL=pg_url)
    two = make_app(tmp_path / "node-2", DATABASE_URL=pg_url)
    for app in (one, two):
        with app.app_context():
            setup.init(app)
            assert search(app, "犬证")["answer"]["status"] == "not_listed"

    with one.app_context():
        number = vocab_publishing.publish_proposal(one, parse(DOG), base=0, actor=Actor("甲"))
        assert search(one, "犬证")["answer"]["status"] == "abolished"
    digest = vocab.from_texts(vocabularies.texts_of(one, number)).digest
    assert not indexer.is_built(tmp_path / "node-2", 1, digest)
    with two.app_context():
        _followed(two, "abolished")
        assert indexer.is_built(tmp_path / "node-2", 1, digest)
        back = vocab_publishing.roll_back(two, 0, actor=Actor.command_line("乙"))
        assert search(two, "犬证")["answer"]["status"] == "not_listed"
    with one.app_context():
        _followed(one, "not_listed")
        assert follower(one).engine.settings.vocabulary_version == back
        with session_factory(one)() as session:
            rows = vocab_store.versions(session)
    assert [(r["number"], r["source"], r["shipped"]) for r in rows] == [
        (2, "rollback:0", True),
        (1, "proposal", False),
    ]
