"""Pinyin keys: fuzzy syllables for homophones, and matching letters typed for a name."""

from __future__ import annotations

import pytest

from lookup.search import pinyin


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [
        ("zheng", "zen"),
        ("zen", "zen"),
        ("chang", "can"),
        ("shi", "si"),
        ("lu", "nu"),
        ("ming", "min"),
        ("zhuang", "zuan"),
        ("qian", "qian"),
        ("wu", "wu"),
        ("a", "a"),
    ],
)
def test_fuzzy_syllables(syllable, expected):
    assert pinyin.fuzzy(syllable) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("无犯罪记录证明", ("wu", "fan", "zui", "ji", "lu", "zheng", "ming")),
        ("亲属abc关系", ("qin", "shu", "guan", "xi")),
        ("abc", ()),
    ],
)
def test_syllables(text, expected):
    assert pinyin.syllables(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("纪录", "记录"), ("壮况", "状况"), ("准签", "准迁"), ("无犯罪纪录证明", "无犯罪记录证明")],
)
def test_fuzzy_bigrams_equal_for_homophones(a, b):
    assert pinyin.fuzzy_bigrams(a) == pinyin.fuzzy_bigrams(b)
    assert pinyin.fuzzy_bigrams(a)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记录", ["ji_nu"]),
        ("证明", ["zen_min"]),
        ("户", ["hu"]),
        ("", []),
        ("出生证明", ["cu_sen", "sen_zen", "zen_min"]),
    ],
)
def test_fuzzy_bigrams(text, expected):
    assert pinyin.fuzzy_bigrams(text) == expected


def test_fuzzy_bigrams_tell_different_words_apart():
    assert pinyin.fuzzy_bigrams("死亡") != pinyin.fuzzy_bigrams("出生")


NAME = "无犯罪记录证明"


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        # full pinyin
        ("wufanzuijiluzhengming", NAME, (7, 21)),
        ("zhengming", NAME, (2, 9)),
        ("jilu", NAME, (2, 4)),
        # initials
        ("wfzjlzm", NAME, (7, 7)),
        ("wfzjl", NAME, (5, 5)),
        ("zm", NAME, (2, 2)),
        ("qsgx", "亲属关系证明", (4, 4)),
        # zh/ch/sh may be typed as two letters
        ("wfzjlzhm", NAME, (7, 8)),
        # mixed full syllables and initials
        ("wufzjl", NAME, (5, 6)),
        ("jianzai", "健在", (2, 7)),
        # spaces between syllables
        ("wu fan zui", NAME, (3, 8)),
        ("fanzui jl", NAME, (4, 8)),
        # polyphones: any reading of a character spells it
        ("cz", "重组", (2, 2)),
        ("zz", "重组", (2, 2)),
        # no match: every letter must be used, in order, on contiguous syllables
        ("xyz", NAME, (0, 0)),
        ("wfzjlzmx", NAME, (0, 0)),
        ("zmwf", NAME, (0, 0)),
        ("wfjl", NAME, (0, 0)),
        ("", NAME, (0, 0)),
        ("  ", NAME, (0, 0)),
    ],
)
def test_match_latin(query, name, expected):
    assert pinyin.match_latin(query, pinyin.syllable_options(name)) == expected


def test_syllable_options_hold_every_reading():
    options = pinyin.syllable_options("重组")
    assert {"zhong", "chong"} <= options[0]
    assert options[1] == frozenset({"zu"})
