"""Certificate names as the search compares them: the generic ending, keys and features.

Every name ends in a word all names share (证明, 证明材料, 证书…); that ending neither decides a
match nor counts towards one, so names and phrases are compared by their `core`.
"""

from __future__ import annotations

from functools import lru_cache

from lookup.core.text import is_han, normalise_query
from lookup.search import pinyin

# Words every certificate name shares; they neither decide a match nor count towards one.
GENERIC_WORDS = frozenset({"证明", "证明书", "证明材料", "材料", "证件", "证书", "证", "开具证明"})
GENERIC_SUFFIXES = ("证明材料", "证明书", "的证明", "证明")


def core(text: str) -> str:
    """A name or phrase without its generic ending: 无犯罪记录证明 → 无犯罪记录."""
    for suffix in GENERIC_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def name_key(name: str) -> str:
    """Items whose names differ only in spacing, width or script share one name document."""
    return normalise_query(name).replace(" ", "")


@lru_cache(maxsize=32768)
def name_features(key: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """Core text, Han bigrams and fuzzy pinyin bigrams of a name (generic ending removed)."""
    c = "".join(ch for ch in core(key) if is_han(ch))
    if len(c) == 1:
        return c, frozenset({c}), frozenset(pinyin.fuzzy_bigrams(c))
    grams = frozenset(c[i : i + 2] for i in range(len(c) - 1))
    return c, grams, frozenset(pinyin.fuzzy_bigrams(c))
