"""Normalisation of what people type and what spreadsheets hold."""

from __future__ import annotations

import pytest

from lookup.core.text import (
    clean,
    fold_width,
    han_only,
    is_latin_query,
    normalise_query,
    to_simplified,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("亲属关系证明（居住证）", "亲属关系证明(居住证)"),
        ("无犯罪\u3000记录", "无犯罪 记录"),
        ("半角 abc", "半角 abc"),
    ],
)
def test_fold_width(text, expected):
    assert fold_width(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("親屬關係證明", "亲属关系证明"),
        ("無犯罪記錄證明", "无犯罪记录证明"),
        ("戶口簿", "户口簿"),
        ("亲属关系证明", "亲属关系证明"),
    ],
)
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  亲属\t关系\n证明  ", "亲属 关系 证明"),
        ("出生\x00证明\x07", "出生证明"),
        ("\ufeff死亡证明\u200b", "死亡证明"),
        ("索要\r\n单位", "索要 单位"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full width, traditional characters and case
        ("ＷＦＺＪＬ", "wfzjl"),
        ("親屬關係證明", "亲属关系证明"),
        ("無犯罪紀錄證明", "无犯罪纪录证明"),
        # punctuation, Chinese and Latin, goes
        ("亲属关系证明？", "亲属关系证明"),
        ("办居住证，还要开证明吗！", "办居住证 还要开证明吗"),
        ("《居住证暂行条例》第十二条", "居住证暂行条例 第十二条"),
        ("“出生证明”、‘死亡证明’", "出生证明 死亡证明"),
        # whoosh query syntax is never passed through
        ('name:证明 AND (户口* OR "死亡"~2)', "name 证明 and 户口 or 死亡 2"),
        ("证明^3 -户口 +出生 {a TO b} [1 TO 2]", "证明 3 户口 出生 a to b 1 to 2"),
        ("*?~^", ""),
        # control characters and odd spaces
        ("亲属\x00关系\x1f证明", "亲属关系证明"),
        ("\u3000\u3000无房证明\u3000", "无房证明"),
        ("a\u200bb", "ab"),
        # digits stay
        ("2024年 居住证明", "2024年 居住证明"),
    ],
)
def test_normalise_query(text, expected):
    assert normalise_query(text) == expected


def test_normalise_query_is_idempotent():
    for text in ("親屬關係證明（居住證）！", "ＷＦＺＪＬ zm", "a:b*c"):
        once = normalise_query(text)
        assert normalise_query(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [("亲属abc关系", "亲属关系"), ("123", ""), ("证明：户口", "证明户口")],
)
def test_han_only(text, expected):
    assert han_only(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wfzjl", True),
        ("wu fan zui", True),
        ("w", False),
        ("wfz123", False),
        ("亲属", False),
        ("", False),
    ],
)
def test_is_latin_query(text, expected):
    assert is_latin_query(text) == expected
