"""Query understanding: synonyms, filler words, phrases (tables of text → expected)."""

from __future__ import annotations

import pytest

from lookup.office.engines import follower
from lookup.search.names import core
from lookup.search.query import apply_synonyms, understand


@pytest.fixture
def engine(app):
    return follower(app).get()


@pytest.mark.parametrize(
    ("text", "expected"),
    (
        ("无犯罪记录证明", "无犯罪记录"),
        ("出生证明书", "出生"),
        ("户口准迁证", "户口准迁证"),
        ("证明", "证明"),
    ),
)
def test_core_drops_generic_ending(text, expected):
    assert core(text) == expected


SYNONYMS = {"亲属": ("亲属关系",), "养狗": ("养犬",), "领养": ("收养",), "社保": ("社保缴费",)}


@pytest.mark.parametrize(
    ("text", "official", "dictionary", "expected"),
    (
        ("养狗证明", (), (), " 养犬 证明"),
        # The official word is already there: 亲属 in 亲属关系证明 is not an everyday word.
        ("亲属关系证明", (), (), "亲属关系证明"),
        # 领养 straddles 养老金, a word of the lists: it is not 领养 there.
        ("领养老金", ("养老金",), (), "领养老金"),
        # 社保卡 is its own thing, not 社保 + a generic ending.
        ("社保卡补办", (), ("社保卡",), "社保卡补办"),
    ),
)
def test_synonyms_respect_words(text, official, dictionary, expected):
    out, _groups = apply_synonyms(text, SYNONYMS, 3, official, dictionary)
    assert out.replace("  ", " ").rstrip() == expected.rstrip()


@pytest.mark.parametrize(
    ("query", "runs"),
    (
        ("办居住证还要开亲属关系证明吗", ["居住证", "亲属关系"]),
        ("教师资格认定要无犯罪记录证明吗", ["教师资格认定", "无犯罪记录"]),
        ("残急证明", ["残急"]),  # a lone filler character inside a typo is kept
        ("失业正明", ["失业"]),  # 正明 sounds like 证明
    ),
)
def test_phrases(engine, query, runs):
    q = understand(query, engine.seg, engine.official_words())
    assert set(runs) <= {r.text for r in q.runs}


def test_filler_words_do_not_decide(engine):
    q = understand("请问一下需要开吗", engine.seg, engine.official_words())
    assert q.runs == []


def test_traditional_and_full_width(engine):
    a = understand("親屬關係證明", engine.seg)
    b = understand("ｑｉｎｓｈｕ", engine.seg)
    assert a.runs[0].text == "亲属关系"
    assert b.latin == "qinshu"
