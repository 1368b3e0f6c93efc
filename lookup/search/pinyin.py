"""Pinyin keys for names: full and initials for pinyin queries, fuzzy syllables for homophones."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from lookup.core.text import is_han

# Southern Mandarin (and most typists) do not tell these apart: zh/z, ch/c, sh/s, n/l, -ng/-n.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def fuzzy(syllable: str) -> str:
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


@lru_cache(maxsize=65536)
def syllables(text: str) -> tuple[str, ...]:
    """Contextual readings of the Han characters in text (polyphones read by phrase)."""
    han = "".join(ch for ch in text if is_han(ch))
    if not han:
        return ()
    return tuple(lazy_pinyin(han, style=Style.NORMAL, errors="ignore"))


@lru_cache(maxsize=65536)
def syllable_options(text: str) -> tuple[frozenset[str], ...]:
    """Per Han character: its contextual reading plus its other readings (for pinyin queries)."""
    han = "".join(ch for ch in text if is_han(ch))
    contextual = syllables(han)
    # One character per segment: given the phrase, pypinyin returns only the phrase reading
    # (重组 → chong), so zhong, a reading people type, would be missing.
    every = pinyin(list(han), style=Style.NORMAL, heteronym=True, errors="ignore")
    out = []
    for i, readings in enumerate(every):
        options = set(readings)
        if i < len(contextual):
            options.add(contextual[i])
        out.append(frozenset(options))
    return tuple(out)


def fuzzy_bigrams(text: str) -> list[str]:
    """Bigrams of fuzzy syllables: 纪录 and 记录, 壮况 and 状况 give the same keys."""
    syl = [fuzzy(s) for s in syllables(text)]
    if len(syl) == 1:
        return syl
    return [f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)]


def _initial(syllable: str) -> tuple[str, ...]:
    if syllable[:2] in ("zh", "ch", "sh"):
        return (syllable[0], syllable[:2])
    return (syllable[0],)


def match_latin(query: str, options: tuple[frozenset[str], ...]) -> tuple[int, int]:
    """Best contiguous run of a name's syllables that the letters spell, in full or as initials.

    Returns (syllables covered, letters used). Every letter of the query must be used, so
    `wfzjlzm` covers 无犯罪记录证明 entirely and `jianzai` covers 健在.
    """
    letters = query.replace(" ", "")
    best = (0, 0)
    n = len(options)
    for start in range(n):
        # states: query positions reachable after consuming syllables start..i
        states = {0}
        for i in range(start, n):
            nxt = set()
            for pos in states:
                for syl in options[i]:
                    if letters.startswith(syl, pos):
                        nxt.add(pos + len(syl))
                    for ini in _initial(syl):
                        if letters.startswith(ini, pos):
                            nxt.add(pos + len(ini))
            if not nxt:
                break
            states = nxt
            if len(letters) in states:
                covered = i - start + 1
                if covered > best[0]:
                    best = (covered, len(letters))
    return best
