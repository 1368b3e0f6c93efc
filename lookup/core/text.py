"""Normalising text from people and spreadsheets: width, case, traditional characters, noise."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import zhconv
import zhconv.zhconv

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
# Characters that carry no meaning for matching (punctuation, symbols, whoosh syntax).
_NOISE = re.compile(r"[^\w\u3400-\u9fff]+")


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width and the ideographic space to a space."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


@cache
def _load_zhconv() -> None:
    # zhconv opens its bundled dictionary without closing it (a ResourceWarning, an error in the
    # tests); given a plain path it reads the same file inside `with`.
    zhconv.zhconv.loaddict(str(Path(zhconv.zhconv.__file__).with_name("zhcdict.json")))


def to_simplified(text: str) -> str:
    _load_zhconv()
    return zhconv.convert(text, "zh-cn")


def clean(text: str) -> str:
    """Strip control characters and fold runs of spaces; keeps the text otherwise as written."""
    text = _CONTROL.sub("", text or "")
    return _SPACES.sub(" ", text).strip()


def normalise_query(text: str) -> str:
    """The form every query is matched in: simplified, half-width, lower case, no punctuation."""
    text = clean(fold_width(text))
    text = to_simplified(text).lower()
    text = _NOISE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def han_only(text: str) -> str:
    return "".join(ch for ch in text if is_han(ch))


def is_latin_query(text: str) -> bool:
    """A query typed in pinyin: letters and spaces only, at least two letters."""
    letters = text.replace(" ", "")
    return len(letters) >= 2 and letters.isascii() and letters.isalpha()
