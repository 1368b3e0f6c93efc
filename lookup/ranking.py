"""Scoring certificate names and items against an understood query."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import Or, Term

from . import pinyin
from .query import GENERIC_WORDS, Query, core, grams_of
from .searcher import Engine, NameEntry

# How strongly each names-index field pulls a name into the candidates.
FIELD_BOOSTS = {"name": 3.0, "grams": 1.0, "py": 0.7}
CANDIDATES = 40


@dataclass
class NameMatch:
    entry: NameEntry
    score: float  # ranking weight
    confidence: float  # how surely this is the certificate asked about, 0..1
    matched: frozenset[str]  # query bigrams (Han) the name explains
    via: str  # "hanzi", "pinyin", "homophone"


def _name_features(entry: NameEntry) -> tuple[set[str], set[str]]:
    c = core(entry.key)
    grams = set(grams_of(c)) if c not in GENERIC_WORDS else set()
    py = set(pinyin.fuzzy_bigrams(c))
    py.discard("zen_min")
    return grams, py


def candidate_names(engine: Engine, q: Query) -> list[NameEntry]:
    """Names the whoosh names index finds for any of the query's terms."""
    terms = []
    for word in q.words:
        terms.append(Term("name", word, boost=FIELD_BOOSTS["name"]))
    for gram in q.grams:
        terms.append(Term("grams", gram, boost=FIELD_BOOSTS["grams"]))
    for gram in q.py_grams:
        terms.append(Term("py", gram, boost=FIELD_BOOSTS["py"]))
    if not terms:
        return []
    hits = engine.names_searcher.search(Or(terms), limit=CANDIDATES)
    return [engine.names[hit["key"]] for hit in hits if hit["key"] in engine.names]


def score_name(entry: NameEntry, q: Query, explained: set[str]) -> NameMatch | None:
    """How much of the name the query covers, and how much of the query the name explains.

    `explained` are query bigrams that the matters or departments of this name's items account
    for (办火化 in 办火化要死亡证明吗): they neither count for nor against the name.
    """
    n_grams, n_py = _name_features(entry)
    if not n_py and not n_grams:
        return None
    exact = q.grams & n_grams
    sounds = q.py_grams & n_py
    if not exact and not sounds:
        return None
    size = max(len(n_py), len(n_grams), 1)
    # Exact characters count fully, a homophone (纪录 for 记录) a little less.
    covered = max(len(exact), 0.85 * len(sounds))
    recall = min(covered / size, 1.0)
    rest = {g for g in q.grams if g not in explained or g in n_grams}
    q_size = max(len(rest), 1)
    precision = min(max(len(exact), 0.85 * len(sounds & _py_of(rest))) / q_size, 1.0)
    confidence = precision * (0.55 + 0.45 * recall)
    if len(q.grams) == 1 and len(exact) == 1 and size > 3:
        confidence *= 0.8  # one shared word is thin evidence for a long name
    score = covered * (0.6 + 0.4 * recall) * (0.5 + 0.5 * precision)
    via = "hanzi" if len(exact) >= 0.85 * len(sounds) else "homophone"
    return NameMatch(entry, score, confidence, frozenset(exact), via)


def _py_of(grams: set[str]) -> set[str]:
    out: set[str] = set()
    for g in grams:
        out.update(pinyin.fuzzy_bigrams(g))
    return out


def score_latin(engine: Engine, q: Query) -> list[NameMatch]:
    """Pinyin queries (全拼 or 首字母) against every name; ranked below Hanzi matches."""
    out = []
    first = q.latin[0]
    for entry in engine.names.values():
        if not any(any(s.startswith(first) for s in opts) for opts in entry.options):
            continue
        covered, _used = pinyin.match_latin(q.latin, entry.options)
        if not covered:
            continue
        c = core(entry.key)
        size = max(len(c), 1)
        generic = len(entry.key) - len(c)
        # Letters that spell only 证明 say nothing about which certificate.
        useful = covered - min(generic, max(0, covered - 1)) if covered > generic else 0
        if covered <= generic and len(q.latin) <= 4:
            continue
        recall = min(max(useful, covered - generic) / size, 1.0)
        if recall <= 0:
            continue
        confidence = 0.9 * (0.5 + 0.5 * recall) if recall >= 0.5 else 0.45 * recall
        out.append(
            NameMatch(
                entry, 0.9 * covered * (0.5 + 0.5 * recall), confidence, frozenset(), "pinyin"
            )
        )
    out.sort(key=lambda m: (-m.score, len(m.entry.key)))
    return out[:CANDIDATES]


def explained_by_context(engine: Engine, entry: NameEntry, q: Query) -> set[str]:
    """Query bigrams that the matters and departments of a name's items contain."""
    texts = set()
    for i in entry.items[:400]:
        item = engine.items[i]
        texts.add(item["matter"])
        texts.add(item["requiring_department"])
        texts.add(item["issuing_authority"])
    blob = "\n".join(texts)
    return {g for g in q.grams if g in blob}


def context_hits(engine: Engine, index: int, q: Query, residual: set[str]) -> int:
    """How many of the query's leftover words and bigrams the item's matter/departments hold."""
    if not residual:
        return 0
    item = engine.items[index]
    text = item["matter"] + "\n" + item["requiring_department"] + "\n" + item["issuing_authority"]
    terms = engine.matter_terms[index]
    return sum(1 for r in residual if r in terms or r in text)
