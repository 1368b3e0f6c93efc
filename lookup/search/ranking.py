"""Scoring certificate names and items against an understood query.

A name is scored against each phrase (run) of the question by character coverage: which
characters of the phrase the name explains, exactly or by sound (纪录 for 记录), and which
characters of the name the phrase covers. Characters that the matters or departments of the
name's items explain (火化 in 办火化要死亡证明吗) count neither for nor against the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import inf

from lookup.core.text import han_only
from lookup.search import fulltext, pinyin
from lookup.search.engine import Engine, NameEntry
from lookup.search.names import core, name_features
from lookup.search.query import Query, Run

# How strongly each names-index field pulls a name into the candidates.
FIELD_BOOSTS = {"name": 3.0, "grams": 1.0, "py": 0.7}
CANDIDATES = 40
SOUND = 0.85  # a character matched only by its sound counts this much
HEAD_BONUS = 1.25  # the phrase that ended in 证明 is the certificate asked about


@dataclass
class NameMatch:
    entry: NameEntry
    score: float  # ranking weight
    confidence: float  # how surely this is the certificate asked about, 0..1
    matched: frozenset[str]  # Han characters of the name the query covered
    via: str  # "hanzi", "pinyin", "homophone", "shape"
    head: bool = False  # matched through the phrase that names a certificate
    run: int = 0  # which phrase of the question matched it


def _fuzzy_pairs(syllables: tuple[str, ...]) -> list[str]:
    f = [pinyin.fuzzy(s) for s in syllables]
    return [f"{a}_{b}" for a, b in zip(f, f[1:], strict=False)]


def candidate_names(engine: Engine, q: Query) -> list[NameEntry]:
    """Names the whoosh names index finds for any of the query's terms."""
    terms = [("name", word, FIELD_BOOSTS["name"]) for word in q.words]
    if engine.uses("ngrams"):
        terms += [("grams", gram, FIELD_BOOSTS["grams"]) for gram in q.grams]
    if engine.uses("sound"):
        terms += [("py", gram, FIELD_BOOSTS["py"]) for gram in q.py_grams]
    searcher = engine.names_searcher
    terms = [t for t in terms if searcher.doc_frequency(t[0], t[1])]
    if not terms:
        return []
    # Scored as whoosh would, over postings kept per engine (whoosh's matchers cost more).
    best, _cut = fulltext.ranked(engine, searcher, engine.name_postings, terms, CANDIDATES, inf)
    entries = engine.name_documents()
    return [entries[d] for d, _s in best if entries[d] is not None]


def _shape(text: str, lookalikes: dict[str, str]) -> str:
    return "".join(lookalikes.get(ch, ch) for ch in text)


def cover_run(
    run: Run,
    grams: frozenset[str],
    py: frozenset[str],
    context: str,
    shapes: frozenset[str] = frozenset(),
    lookalikes: dict[str, str] | None = None,
    sound: bool = True,
):
    """Per character of the run: 1 exact, SOUND by sound or by look (收人 for 收入), None
    explained by the context, 0 not matched."""
    text = run.text
    n = len(text)
    marks: list[float | None] = [0.0] * n
    if n == 1:
        if text in grams:
            marks[0] = 1.0
        elif context and text in context:
            marks[0] = None
        return marks
    pairs = _fuzzy_pairs(run.syllables) if sound and len(run.syllables) == n else []
    for i in range(n - 1):
        gram = text[i : i + 2]
        if gram in grams:
            marks[i] = marks[i + 1] = 1.0
        elif (pairs and pairs[i] in py) or (
            lookalikes and shapes and _shape(gram, lookalikes) in shapes
        ):
            for k in (i, i + 1):
                marks[k] = max(marks[k] or 0.0, SOUND)
    for i in range(n - 1):
        gram = text[i : i + 2]
        if context and gram in context:
            for k in (i, i + 1):
                if not marks[k]:
                    marks[k] = None
    return marks


def score_name(
    entry: NameEntry,
    q: Query,
    context: str,
    lookalikes: dict[str, str] | None = None,
    *,
    sound: bool = True,
) -> NameMatch | None:
    """The best phrase of the question for this name: coverage both ways."""
    c, grams, py = name_features(entry.key)
    if not c:
        return None
    shapes = frozenset(_shape(g, lookalikes) for g in grams) if lookalikes else frozenset()
    best = None
    for n, run in enumerate(q.runs):
        marks = cover_run(run, grams, py, context, shapes, lookalikes, sound)
        covered = sum(m for m in marks if m)
        if not covered:
            continue
        counted = [m for m in marks if m is not None]
        precision = covered / max(len(counted), 1)
        # How much of the name the phrase spells (each name bigram found in the phrase).
        found = sum(1 for g in grams if g in run.text)
        sounds = len(py & set(_fuzzy_pairs(run.syllables))) if sound and len(c) > 1 else 0
        if lookalikes and len(c) > 1:
            run_shapes = {_shape(run.text[k : k + 2], lookalikes) for k in range(len(run.text) - 1)}
            sounds = max(sounds, len(shapes & run_shapes) - found)
        size = max(len(grams), 1)
        recall = min(max(found, SOUND * sounds) / size, 1.0)
        confidence = precision * (0.5 + 0.5 * recall)
        from_synonym = run.text in q.expanded
        exact = all(m == 1.0 for m in counted) and covered >= 2
        if exact and not from_synonym:
            # The resident's own words, all inside one name (检疫 in 动物检疫合格证明).
            confidence = max(confidence, 0.6)
        elif len(c) > 3 and covered <= 2 and recall < 0.4:
            confidence *= 0.8  # one shared word is thin evidence for a long name
        if from_synonym and not q.asks_certificate:
            # An everyday word's expansion (车 → 机动车) in a question that names no
            # certificate at all (电动自行车上牌) is not a certificate asked about.
            confidence *= 0.6
        score = covered * (0.5 + 0.5 * recall) * (0.4 + 0.6 * precision)
        if run.head:
            score *= HEAD_BONUS
        via = "hanzi" if found and found >= SOUND * sounds else "homophone"
        candidate = NameMatch(
            entry,
            score,
            confidence,
            frozenset(ch for ch, m in zip(run.text, marks, strict=False) if m),
            via,
            run.head,
            n,
        )
        if best is None or (candidate.score, candidate.confidence) > (best.score, best.confidence):
            best = candidate
    return best


def score_latin(engine: Engine, q: Query) -> list[NameMatch]:
    """Pinyin queries (全拼 or 首字母) against every name; ranked below Hanzi matches."""
    out = []
    first = q.latin[0]
    for entry in engine.names.values():
        if not any(any(s.startswith(first) for s in opts) for opts in entry.options):
            continue
        c = han_only(core(entry.key))
        generic = max(len(entry.options) - len(c), 0)
        useful, _used = pinyin.match_latin(q.latin, entry.options[: len(c)])
        if not useful:
            covered, _used = pinyin.match_latin(q.latin, entry.options)
            useful = covered - generic
        if useful <= 0:
            continue
        recall = min(useful / max(len(c), 1), 1.0)
        confidence = 0.9 * (0.5 + 0.5 * recall) if recall >= 0.5 else 0.45 * recall
        score = 0.9 * useful * (0.5 + 0.5 * recall)
        out.append(NameMatch(entry, score, confidence, frozenset(), "pinyin", True))
    out.sort(key=lambda m: (-m.score, len(m.entry.key)))
    return out[:CANDIDATES]


def context_hits(engine: Engine, index: int, residual: set[str]) -> float:
    """How many of the query's leftover words the item's matter holds (its departments count
    half: 派出所开的居住证明 picks by issuer, but the matter is what a question usually names)."""
    if not residual:
        return 0.0
    item = engine.items[index]
    matter = item["matter"]
    departments = item["requiring_department"] + "\n" + item["issuing_authority"]
    terms = engine.matter_terms[index]
    score = 0.0
    for r in residual:
        if r in terms or r in matter:
            score += 1.0
        elif r in departments:
            score += 0.5
    return score
