"""Query understanding: what certificate the words ask about, and which words name a matter."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from lookup.core.text import han_only, is_han, is_latin_query, normalise_query
from lookup.search import pinyin
from lookup.search.analysis import Segmenter, bigrams
from lookup.search.names import GENERIC_WORDS, core


@dataclass
class Run:
    """Adjacent content words: one phrase of the question (a certificate, a matter…)."""

    text: str  # Han characters (and letters) of the phrase, generic ending removed
    head: bool  # it ended in 证明/证/证书…: the phrase names a certificate
    syllables: tuple[str, ...] = ()
    start: int = 0  # where the phrase starts in Query.text


@dataclass
class Query:
    raw: str
    text: str  # normalised, synonyms applied
    latin: str = ""  # letters when typed in pinyin
    segments: list[str] = field(default_factory=list)  # content words, in order
    words: list[str] = field(default_factory=list)  # content words and their sub-words
    grams: set[str] = field(default_factory=set)  # Han bigrams of the content, generic removed
    py_grams: set[str] = field(default_factory=set)  # fuzzy pinyin bigrams of the same
    expanded: frozenset[str] = frozenset()  # official words a synonym brought in
    groups: list[frozenset[str]] = field(default_factory=list)  # the words of each expansion
    sources: dict[str, str] = field(default_factory=dict)  # official word → the everyday word
    expansions: list[tuple[int, int]] = field(default_factory=list)  # where, in `text`
    asks_certificate: bool = False  # the question has 证明, 证, 证书… in it
    runs: list[Run] = field(default_factory=list)

    def typed(self, run: Run) -> bool:
        """The phrase is the resident's own words, not an official word a synonym brought in."""
        return not any(s <= run.start < e for s, e in self.expansions)

    @property
    def empty(self) -> bool:
        return not (self.segments or self.latin)


def apply_synonyms(
    text: str,
    synonyms: dict[str, tuple[str, ...]],
    longest: int,
    words: Collection[str] = (),
    dictionary: Collection[str] = (),
    sources: dict[str, str] | None = None,
    spans_out: list[tuple[int, int]] | None = None,
) -> tuple[str, list[frozenset[str]]]:
    """Replace everyday words by the official ones, longest match first, left to right.

    An alias inside a longer official word already in the text is left alone: 亲属 is an
    everyday word for 亲属关系, but in 亲属关系证明 it is already the official one. `sources`,
    when given, is filled with the everyday word each official word came from.
    """
    if not synonyms:
        return text, []
    spans = []
    present = _substrings(text, 12)
    for strict, vocabulary in ((True, words), (False, dictionary)):
        for word in present.intersection(vocabulary):
            start = text.find(word)
            while start >= 0:
                spans.append((start, start + len(word), word, strict))
                start = text.find(word, start + 1)
    out: list[str] = []
    added: list[frozenset[str]] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            targets = synonyms.get(piece)
            if not targets:
                continue
            if any(len(t) > size and text.startswith(t, i) for t in targets) or any(
                _blocks(word, piece, strict) and _clashes(s, e, i, i + size, strict)
                for s, e, word, strict in spans
            ):
                continue
            if piece.endswith("证") and text.startswith("明", i + size):
                continue  # 房产证 in 房产证明: the 证 is the start of 证明
            # 婚姻证明 → 婚姻状况 证明: the paper word stays, so the phrase still names one.
            ending = next((g for g in ("证明", "证书") if piece.endswith(g)), "")
            ending = "" if any(t.endswith(ending) for t in targets) else ending
            written = sum(len(part) for part in out)
            if spans_out is not None:
                spans_out.append((written, written + len(" ".join(targets)) + 2))
            out.append(" " + " ".join(targets) + (ending and " " + ending) + " ")
            added.append(frozenset(targets))
            if sources is not None:
                sources.update(dict.fromkeys(targets, piece))
            i += size
            break
        else:
            out.append(text[i])
            i += 1
    return "".join(out), added


def _substrings(text: str, longest: int) -> set[str]:
    """Every piece of 2..longest characters: looking these up is cheaper than finding each of
    a thousand dictionary words in the text."""
    return {
        text[i : i + n]
        for i in range(len(text) - 1)
        for n in range(2, min(longest, len(text) - i) + 1)
    }


def _blocks(word: str, alias: str, strict: bool) -> bool:
    """A word of the lists protects an alias inside it (单身 in 单身证明); a dictionary word
    does too, unless it is only the alias plus a generic ending (没工作证明 = 没工作 + 证明,
    while 社保卡 is not 社保 + a generic ending)."""
    if word == alias:
        return False
    return strict or not (word.startswith(alias) and word[len(alias) :] in GENERIC_WORDS)


def _clashes(s: int, e: int, i: int, j: int, strict: bool = False) -> bool:
    """An official word at [s, e) contains the alias at [i, j) or straddles its edge
    (领养 in 领养老金 straddles 养老金): the alias is not what the resident meant there. A word
    of the lists straddling it wins even when shorter (收养 in 收养孩子: not 养孩子)."""
    overlap = s < j and i < e
    inside = i <= s and e <= j
    return overlap and not inside and (e - s > j - i or (strict and not (s <= i and j <= e)))


# Grammatical particles are never part of a mistyped word.
PARTICLES = frozenset("的了吗呢吧啊呀么哦嘛")


def _typo_neighbour(words: list[str], n: int, stopwords: frozenset[str]) -> bool:
    """A one-character filler word beside a lone character is likely part of a mistyped word
    that jieba could not segment (残急证明 → 残 / 急 / 证明): keep it."""
    if len(words[n]) != 1 or n + 1 >= len(words) or n == 0 or words[n] in PARTICLES:
        return False
    before, after = words[n - 1], words[n + 1]
    lone = len(before) == 1 and is_han(before) and before not in stopwords
    return lone and after in GENERIC_WORDS


def _strip_sound_suffix(text: str) -> tuple[str, bool]:
    """正明 or 证名 typed for 证明: a generic ending recognised by its sound."""
    if len(text) > 2:
        tail = pinyin.syllables(text[-2:])
        if len(tail) == 2 and pinyin.fuzzy(tail[0]) == "zen" and pinyin.fuzzy(tail[1]) == "min":
            return text[:-2], True
    return text, False


def grams_of(segment: str) -> list[str]:
    c = core(segment)
    if c in GENERIC_WORDS:
        return []
    return [g for g in bigrams(c) if g not in GENERIC_WORDS]


def understand(
    raw: str,
    seg: Segmenter,
    official: tuple[Collection[str], Collection[str]] = ((), ()),
    *,
    synonyms: bool = True,
) -> Query:
    """Normalise, apply synonyms (never inside the `official` words the lists use), segment,
    drop filler words and group the rest into phrases."""
    text = normalise_query(raw)
    if is_latin_query(text):
        return Query(raw=raw, text=text, latin=text.replace(" ", ""))
    vocab = seg.vocab
    sources: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    text, added = apply_synonyms(
        text,
        vocab.synonyms if synonyms else {},
        vocab.max_alias,
        *official,
        sources=sources,
        spans_out=spans,
    )
    expanded = frozenset().union(*added) if added else frozenset()
    q = Query(raw=raw, text=text, expanded=expanded, groups=added, sources=sources)
    q.expansions = spans
    q.asks_certificate = _names_paper(text) or bool(
        _strip_sound_suffix("_" + han_only(text)[-2:])[1]
    )
    q.segments = _content_words(text, seg)
    # Merge neighbours jieba split apart (婚姻壮况 → 婚姻 / 壮 / 况) so bigrams span them.
    for segment, start in _merge_runs(q.segments, text):
        _add_phrase(q, segment, start)
    q.py_grams.discard("zen_min")
    for segment in q.segments:
        if segment not in GENERIC_WORDS:
            q.words.append(segment)
            q.words.extend(w for w in seg.sub_words(segment) if w not in GENERIC_WORDS)
    return q


# Everyday endings of a paper's name (火化单, 转诊单子).
PAPER_ENDINGS = ("单子", "单")
# 证 in these words is not a paper asked for (认证 a check, 公证 a notarisation).
NOT_PAPERS = ("认证", "公证", "验证", "保证", "查证", "论证", "见证", "证券")


def _names_paper(text: str) -> bool:
    """The question has a certificate word in it: 证明, 证书, 材料, or a 证 of its own."""
    plain = text
    for word in NOT_PAPERS:
        plain = plain.replace(word, "")
    return any(w in plain for w in ("证", "书", "材料", "单子", "诊断")) or bool(
        re.search(r"[\u3400-\u9fff]{2}单", plain)
    )


def _right_after(text: str, run: Run, start: int) -> bool:
    """The generic word at `start` follows the phrase, with at most 的 and spaces between."""
    end = text.find(run.text, run.start)
    if end < 0:
        return True  # a phrase whose generic ending was cut off: it is right there
    between = text[end + len(run.text) : start].replace(" ", "").replace("的", "")
    return between == ""


def _content_words(text: str, seg: Segmenter) -> list[str]:
    """The question's words without filler words (a filler beside a lone character that may
    be part of a mistyped word stays)."""
    stop = seg.vocab.stopwords
    words = [w.strip() for w, _s, _e in seg.words(text)]
    out = []
    for n, word in enumerate(words):
        if not word or not any(is_han(ch) or ch.isalnum() for ch in word):
            continue
        if word in stop and not _typo_neighbour(words, n, stop):
            continue
        out.append(word)
    return out


def _add_phrase(q: Query, segment: str, start: int) -> None:
    """One run of content words becomes a phrase of the question, or marks the phrase before
    it as naming a certificate when it is only 证明."""
    q.grams.update(grams_of(segment))
    q.py_grams.update(pinyin.fuzzy_bigrams(core(segment)))
    c = core(segment)
    head = c != segment or (segment.endswith(("证", "证书")) and not segment.endswith(NOT_PAPERS))
    if not head and len(c) > 2 and c.endswith(PAPER_ENDINGS):
        # 火化单, 转诊单子: a paper by its everyday name; its stem names the certificate.
        c, head = c[: -len(next(e for e in PAPER_ENDINGS if c.endswith(e)))], True
    if not head:
        c, head = _strip_sound_suffix(c)
    c = han_only(c)
    generic = c in GENERIC_WORDS or _strip_sound_suffix("_" + c) == ("_", True)
    if c and not generic:
        q.runs.append(Run(c, head, pinyin.syllables(c), start))
    elif generic and q.runs and _right_after(q.text, q.runs[-1], start):
        # 学校读书的证明: the phrase before 证明 names it; when one everyday word brought in
        # several official words (租房 → 房屋租赁 居住), each of them may be that phrase. Not
        # across other words: in 孩子要什么证明 the 证明 is any certificate.
        last = q.runs[-1]
        span = next(((s, e) for s, e in q.expansions if s <= last.start < e), None)
        for run in q.runs:
            if run is last or (span and span[0] <= run.start < span[1]):
                run.head = True


def _merge_runs(segments: list[str], text: str) -> list[tuple[str, int]]:
    """Join consecutive content words that were adjacent in the text into one run; each run
    with where it starts in the text."""
    runs: list[tuple[str, int]] = []
    pos = 0
    last_end = -1
    for segment in segments:
        start = text.find(segment, pos)
        if start < 0:
            runs.append((segment, pos))
            continue
        end = start + len(segment)
        if runs and start == last_end and han_only(segment) == segment:
            runs[-1] = (runs[-1][0] + segment, runs[-1][1])
        else:
            runs.append((segment, start))
        pos = last_end = end
    return runs
