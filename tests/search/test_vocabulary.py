"""The vocabulary stays general (data/vocab/README.md states the rules; these check what can be
checked): aliases are words or short phrases, targets are words the lists use, nothing is
written twice, and no entry holds a whole question of a relevance set."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from test_sets import BLIND, TUNING, _plain, _queries

from lookup.core.text import fold_width, normalise_query, to_simplified
from lookup.lists.importer import read_table
from lookup.search import vocab

ROOT = Path(__file__).resolve().parents[2]
VOCAB = ROOT / "data" / "vocab"
MAX_ALIAS = 5


@pytest.fixture(scope="module")
def words():
    return vocab.load(VOCAB)


@pytest.fixture(scope="module")
def list_text() -> str:
    """Every text field of the shipped lists, as the search compares text."""
    texts = []
    for kind in ("abolished", "retained"):
        for row in read_table(ROOT / "data" / f"{kind}.xlsx", kind).rows:
            texts += [row[f] for f in row if isinstance(row[f], str)]
    return _plain("\n".join(texts))


def _entries(name: str) -> list[str]:
    """Left-hand words of each mapping line of a file (as written, comments dropped)."""
    out = []
    for line in (VOCAB / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        if "=>" in line:
            out += line.split("=>", 1)[0].split()
    return [to_simplified(fold_width(w)).lower() for w in out]


def test_aliases_are_words_or_short_phrases(words):
    long = [a for a in words.synonyms if len(a) > MAX_ALIAS]
    assert long == []
    assert [a for a in words.synonyms if not re.fullmatch(r"[\w\u3400-\u9fff]+", a)] == []


def test_targets_are_words_the_lists_use(words, list_text):
    targets = {t for ts in words.synonyms.values() for t in ts}
    assert sorted(t for t in targets if _plain(t) not in list_text) == []


def test_no_alias_is_written_twice():
    repeated = [a for a, n in Counter(_entries("synonyms.txt")).items() if n > 1]
    assert repeated == []


def test_long_dictionary_words_are_the_lists_own(words, list_text):
    strangers = [
        w for w in words.userdict_words if len(w) > MAX_ALIAS and _plain(w) not in list_text
    ]
    assert strangers == []


def test_filler_words_never_carry_meaning(words, list_text):
    assert not {"无", "没", "不", "非", "未"} & words.stopwords
    names = {normalise_query(n) for n in re.split(r"\n", list_text) if n}
    assert not words.stopwords & names


def test_each_character_is_in_one_lookalike_group():
    groups = [
        set(line.split("#", 1)[0].strip())
        for line in (VOCAB / "lookalikes.txt").read_text(encoding="utf-8").splitlines()
    ]
    seen = Counter(ch for group in groups for ch in group if not ch.isspace())
    assert [ch for ch, n in seen.items() if n > 1] == []


def test_no_vocabulary_entry_holds_a_whole_question(words, list_text):
    """Colloquial entries (the lists' own words may equal an exact-name question), against
    questions of five characters or more: a one-word question (良民证) is a word the vocabulary
    may hold; a phrase or sentence in it is a trick for that question."""
    entries = {*words.synonyms, *words.stopwords}
    entries |= {w for w in words.userdict_words if _plain(w) not in list_text}
    questions = {q for q in _queries([*TUNING, *BLIND]) if len(q) >= 5}
    held = sorted(e for e in entries if any(q in _plain(e) for q in questions))
    assert held == []


@pytest.fixture(scope="module")
def matters() -> str:
    texts = []
    for kind in ("abolished", "retained"):
        texts += [row["matter"] for row in read_table(ROOT / "data" / f"{kind}.xlsx", kind).rows]
    return _plain("\n".join(texts))


def test_everyday_task_names_follow_the_same_rules(words, matters):
    assert [a for a in words.task_names if len(a) > MAX_ALIAS] == []
    targets = {t for ts in words.task_names.values() for t in ts}
    assert sorted(t for t in targets if _plain(t) not in matters) == []
    assert [a for a, n in Counter(_entries("tasks.txt")).items() if n > 1] == []


def test_every_life_event_groups_some_task(words, matters):
    assert words.life_events
    for event, keys in words.life_events:
        assert any(_plain(k) in matters for k in keys), event
