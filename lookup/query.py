"""Query understanding: what certificate the words ask about, and which words name a matter."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import pinyin
from .analysis import Segmenter, bigrams
from .text import han_only, is_han, is_latin_query, normalise_query

# Words every certificate name shares; they neither decide a match nor count towards one.
GENERIC_WORDS = frozenset({"证明", "证明书", "证明材料", "材料", "证件", "证书", "证", "开具证明"})
GENERIC_SUFFIXES = ("证明材料", "证明书", "的证明", "证明")


def core(text: str) -> str:
    """A name or phrase without its generic ending: 无犯罪记录证明 → 无犯罪记录."""
    for suffix in GENERIC_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@dataclass
class Query:
    raw: str
    text: str  # normalised, synonyms applied
    latin: str = ""  # letters when typed in pinyin
    segments: list[str] = field(default_factory=list)  # content words, in order
    words: list[str] = field(default_factory=list)  # content words and their sub-words
    grams: set[str] = field(default_factory=set)  # Han bigrams of the content, generic removed
    py_grams: set[str] = field(default_factory=set)  # fuzzy pinyin bigrams of the same
    expanded: bool = False  # a synonym was applied

    @property
    def empty(self) -> bool:
        return not (self.segments or self.latin)


def apply_synonyms(
    text: str, synonyms: dict[str, tuple[str, ...]], longest: int
) -> tuple[str, bool]:
    """Replace everyday words by the official ones, longest match first, left to right."""
    if not synonyms:
        return text, False
    out: list[str] = []
    i = 0
    changed = False
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            targets = synonyms.get(piece)
            if targets and not (size == 1 and _inside_word(text, i)):
                out.append(" " + " ".join(targets) + " ")
                i += size
                changed = True
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out), changed


def _inside_word(text: str, i: int) -> bool:
    # A one-character alias (狗) applies only where it stands apart from other Han characters
    # or at the end of a word (养狗), so that 狗 in a longer official term is left alone.
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return is_han(before) and is_han(after)


def grams_of(segment: str) -> list[str]:
    c = core(segment)
    if c in GENERIC_WORDS:
        return []
    return [g for g in bigrams(c) if g not in GENERIC_WORDS]


def understand(raw: str, seg: Segmenter) -> Query:
    text = normalise_query(raw)
    if is_latin_query(text):
        return Query(raw=raw, text=text, latin=text.replace(" ", ""))
    vocab = seg.vocab
    text, expanded = apply_synonyms(text, vocab.synonyms, vocab.max_alias)
    q = Query(raw=raw, text=text, expanded=expanded)
    for word, _s, _e in seg.words(text):
        word = word.strip()
        if not word or word in vocab.stopwords:
            continue
        if not any(is_han(ch) or ch.isalnum() for ch in word):
            continue
        q.segments.append(word)
    # Merge neighbours jieba split apart (婚姻壮况 → 婚姻 / 壮 / 况) so bigrams span them.
    merged = _merge_runs(q.segments, text)
    for segment in merged:
        q.grams.update(grams_of(segment))
        q.py_grams.update(pinyin.fuzzy_bigrams(core(segment)))
    q.py_grams.discard("zen_min")
    for segment in q.segments:
        if segment not in GENERIC_WORDS:
            q.words.append(segment)
            q.words.extend(w for w in seg.sub_words(segment) if w not in GENERIC_WORDS)
    return q


def _merge_runs(segments: list[str], text: str) -> list[str]:
    """Join consecutive content words that were adjacent in the text into one run."""
    runs: list[str] = []
    pos = 0
    last_end = -1
    for segment in segments:
        start = text.find(segment, pos)
        if start < 0:
            runs.append(segment)
            continue
        end = start + len(segment)
        if runs and start == last_end and han_only(segment) == segment:
            runs[-1] += segment
        else:
            runs.append(segment)
        pos = last_end = end
    return runs
