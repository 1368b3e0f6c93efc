"""Completions for a half-typed question, and "您是不是要找…" names beside an answer."""

from __future__ import annotations

from lookup.core.text import normalise_query
from lookup.search import pinyin
from lookup.search.engine import Engine
from lookup.search.query import apply_synonyms
from lookup.search.ranking import NameMatch

MAX_DID_YOU_MEAN = 5


def did_you_mean(matches: list[NameMatch], asked: list[NameMatch]) -> list[str]:
    """Other names close to what was typed (the answer already names the one it is about),
    when the match was not a plain one."""
    if asked and asked[0].via == "hanzi" and asked[0].confidence >= 0.8:
        return []
    answered = {m.entry.name for m in asked}
    names: list[str] = []
    for m in matches:
        if m.entry.name not in names and m.entry.name not in answered:
            names.append(m.entry.name)
        if len(names) >= MAX_DID_YOU_MEAN:
            break
    return names


def suggest(engine: Engine, prefix: str, limit: int = 8) -> list[str]:
    """Autocomplete from certificate names (by Hanzi, pinyin or initials) and everyday words."""
    text = normalise_query(prefix).replace(" ", "")
    if not text:
        return []
    out: list[str] = []
    if text.isascii():
        for entry in engine.names.values():
            syllables = pinyin.syllables(entry.key)
            initials = "".join(syl[0] for syl in syllables)
            if initials.startswith(text) or "".join(syllables).startswith(text):
                out.append(entry.name)
    else:
        vocab = engine.seg.vocab
        expanded, _ = apply_synonyms(
            text, vocab.synonyms, vocab.max_alias, *engine.official_words()
        )
        words = [w for w in expanded.split() if w] or [text]
        for entry in engine.names.values():
            if entry.key.startswith(text):
                out.insert(0, entry.name)
            elif text in entry.key or any(w in entry.key for w in words):
                out.append(entry.name)
    return list(dict.fromkeys(out))[:limit]
