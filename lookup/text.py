"""Normalising text from people and spreadsheets: width, case, traditional characters, noise."""

from __future__ import annotations

import re
import unicodedata

import zhconv

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


def to_simplified(text: str) -> str:
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


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
