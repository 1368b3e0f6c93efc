"""The relevance sets stay what their names say: a blind question is never equal or close to a
tuning question, compared as the service sees them (normalised: simplified characters,
half-width, no punctuation). The vocabulary's side of this is in test_vocabulary.py."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from lookup.core.text import normalise_query
from lookup.evaluation.questions import load

TESTS = Path(__file__).resolve().parents[1]
TUNING = [
    TESTS / "relevance" / "pinghu.tsv",
    TESTS / "relevance" / "jiashan" / "questions.tsv",
    *sorted((TESTS / "relevance").glob("round-*/*/questions.tsv")),
]
BLIND = sorted((TESTS / "blind").glob("round-*/*/questions.tsv"))


def _plain(text: str) -> str:
    return normalise_query(unicodedata.normalize("NFKC", text)).replace(" ", "")


def _queries(paths) -> list[str]:
    return [_plain(q.query) for path in paths for q in load(path)]


def near(a: str, b: str) -> bool:
    """Equal, or within a small edit distance: one edit per six characters, at least one."""
    return Levenshtein.distance(a, b) <= max(1, min(len(a), len(b)) // 6)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("无犯罪记录证明", "无犯罪纪录证明", True),
        ("办低保要开哪些证明", "办低保要开什么证明", False),
        ("亲属关系证明", "亲属关系证明", True),
        ("低保", "医保", True),
        ("办居住证要什么", "孩子上学要什么证明", False),
    ],
)
def test_what_counts_as_a_near_copy(a, b, expected):
    assert near(_plain(a), _plain(b)) is expected


def test_there_is_a_blind_set():
    assert BLIND, "tests/blind has no question set"


def test_blind_questions_are_not_near_copies_of_tuning_questions():
    tuning = set(_queries(TUNING))
    copies = [b for b in _queries(BLIND) if any(near(b, t) for t in tuning if len(t) > 2)]
    assert copies == []
