"""The search service: a question → ranked items and a one-line answer, as plain data.

Plain Python, no web framework: `search(engine, query, ...)` returns the body of
GET /api/v1/search for the engine's version, without item URLs (the web layer adds them) and
without counting anything (the web layer records insights). Results of repeated questions are
kept on the engine, so they die with its version.
"""

from __future__ import annotations

import time

from markupsafe import escape

from lookup.core.fields import ITEM_FIELDS
from lookup.core.limits import MAX_QUERY
from lookup.core.text import normalise_query
from lookup.lists.store import matches as in_filters
from lookup.search import fulltext
from lookup.search.answer import verdict
from lookup.search.engine import Engine
from lookup.search.matching import asked_names, match_names, residual
from lookup.search.names import GENERIC_WORDS
from lookup.search.query import Query, understand
from lookup.search.ranking import NameMatch, context_hits
from lookup.search.suggest import did_you_mean

MAX_RESULTS = 1000
FULLTEXT_WEIGHT = 0.1  # items found by their text rank below every item found by its name
RESULT_FIELDS = ("id", "list", *ITEM_FIELDS, "method", "seq", "since_version")


def search(
    engine: Engine,
    query: str,
    *,
    list_kind: str | None = None,
    department: str | None = None,
    method: str | None = None,
    page: int = 1,
    per_page: int = 10,
) -> dict:
    """Search the engine's version; the body of GET /api/v1/search (without `url`s)."""
    filters = (list_kind, department, method)
    key = (normalise_query(query[:MAX_QUERY]), *filters, page, per_page)
    hit = engine.cached(key)
    if hit is None:
        hit = run(engine, query, filters=filters, page=page, per_page=per_page)
        engine.remember(key, hit)
    return dict(hit, query=query)


def run(
    engine: Engine, raw: str, *, filters: tuple = (None, None, None), page=1, per_page=10
) -> dict:
    """One uncached search: understand, match names, rank items, decide the answer."""
    deadline = time.monotonic() + engine.settings.time_limit
    q = understand(
        raw[:MAX_QUERY], engine.seg, engine.official_words(), synonyms=engine.uses("synonyms")
    )
    matches = match_names(engine, q) if not q.empty else []
    asked = asked_names(matches)

    def keep(i: int) -> bool:
        return in_filters(engine.items[i], *filters)

    ordered, scope, matter_named = _rank_asked(engine, q, asked, keep)
    seen = {i for i, _ in ordered}
    for m in matches:
        for i in m.entry.items:
            if len(ordered) >= MAX_RESULTS:
                break
            if i not in seen and keep(i):
                ordered.append((i, m.score))
                seen.add(i)
    # Full text (matters, departments, basis) only when the question names no listed
    # certificate: otherwise the answer and the names' items are what the resident asked for.
    if not asked and q.words and not q.latin:
        for i, score in fulltext.search_text(engine, q, deadline - time.monotonic()):
            if i not in seen and keep(i):
                ordered.append((i, score * FULLTEXT_WEIGHT))
                seen.add(i)
    ordered = ordered[:MAX_RESULTS]
    confidence = asked[0].confidence if asked else 0.0
    answer = verdict([engine.items[i] for i in scope], raw, confidence, matter_named)
    start = (page - 1) * per_page
    return {
        "query": raw,
        "version": engine.version,
        "total": len(ordered),
        "page": page,
        "per_page": per_page,
        "answer": answer,
        "results": [_result(engine, i, s, q) for i, s in ordered[start : start + per_page]],
        "suggestions": did_you_mean(matches, asked),
    }


def _rank_asked(engine: Engine, q: Query, asked: list[NameMatch], keep):
    """The asked names' items, those whose matter the question names first; the scope the
    answer is decided on, and whether it was picked by a named matter."""
    if not asked:
        return [], [], False
    rest = residual(q, asked) if engine.uses("matter") else set()
    hits: dict[int, float] = {}
    rank: dict[int, int] = {}
    for n, m in enumerate(asked):
        for i in m.entry.items:
            if keep(i):
                hits[i] = context_hits(engine, i, rest)
                rank[i] = n
    top = max(hits.values(), default=0)
    scored = sorted(hits, key=lambda i: (-hits[i], rank[i], i))
    if top > 0:
        scope = [i for i in scored if hits[i] == top]
        matter_named = any(r in engine.items[i]["matter"] for r in rest for i in scope)
    else:
        # No matter named: every name the phrase fits as well as the best one is meant
        # (弃婴 fits 弃婴证明 and 捡拾弃婴报案证明 alike).
        sure = {n for n, m in enumerate(asked) if m.confidence >= 0.9 * asked[0].confidence}
        scope = [i for i in scored if rank[i] in sure]
        matter_named = False
    ordered = [(i, asked[rank[i]].score + hits[i]) for i in scored]
    return ordered, scope, matter_named


def _result(engine: Engine, i: int, score: float, q: Query) -> dict:
    item = engine.items[i]
    out = {f: item.get(f, "") for f in RESULT_FIELDS}
    out["score"] = round(float(score), 4)
    out["highlight"] = highlight(engine, item["name"], q)
    return out


def highlight(engine: Engine, text: str, q: Query) -> str:
    """The name with matched words marked: escaped first, marked by whole words."""
    marks = set(q.grams) | {w for w in q.words if len(w) > 1}
    if not marks:
        return str(escape(text))
    parts = []
    for word, _s, _e in engine.seg.words(text):
        hit = any(m in word or (len(word) >= 2 and word in m) for m in marks)
        piece = str(escape(word))
        parts.append(f"<mark>{piece}</mark>" if hit and word not in GENERIC_WORDS else piece)
    return "".join(parts).replace("</mark><mark>", "")
