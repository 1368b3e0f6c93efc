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
from lookup.search import fulltext, intent
from lookup.search.answer import (
    checklist,
    life_event,
    not_in_checklist,
    not_listed,
    uncertain,
    verdict,
)
from lookup.search.engine import Engine
from lookup.search.matching import match_names, residual
from lookup.search.names import GENERIC_WORDS
from lookup.search.query import Query, understand
from lookup.search.ranking import NameMatch, context_hits
from lookup.search.suggest import did_you_mean

MAX_RESULTS = 1000
FULLTEXT_WEIGHT = 0.1  # items found by their text rank below every item found by its name
TASK_SCORE = 10.0  # a task question's own items rank above every name match
TASK_HIT = 2.0  # an asked certificate's item of the named task outranks a matter word
MAX_EVENT_TASKS = 8  # tasks listed for a life event, the biggest first
SURE_TASK = 0.9  # a task named this plainly decides which certificates it needs
WEAK = 0.45  # a name this close is "the closest", not a certificate the lists do not have
RESULT_FIELDS = ("id", "list", *ITEM_FIELDS, "method", "seq", "since_version", "task_id")


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
    """One uncached search: understand, match names and tasks, rank items, decide the answer."""
    deadline = time.monotonic() + engine.settings.time_limit
    q = understand(
        raw[:MAX_QUERY], engine.seg, engine.official_words(), synonyms=engine.uses("synonyms")
    )
    matches = match_names(engine, q) if not q.empty else []
    tasks = engine.tasks.match(raw[:MAX_QUERY], q.sources) if engine.uses("tasks") else []
    reading = intent.read(
        q, raw, engine.seg, matches, [] if q.latin else tasks, lambda q2: match_names(engine, q2)
    )

    def keep(i: int) -> bool:
        return in_filters(engine.items[i], *filters)

    event = engine.tasks.event_named(q.text + raw) if reading.life_event else None
    if reading.wants_task:
        ordered, answer = _task(engine, reading.task, keep)
    elif event is not None:
        ordered, answer = _event(engine, event, keep)
    else:
        ordered, answer = _certificate(engine, reading, raw, matches, keep)
    seen = {i for i, _ in ordered}
    for m in matches:
        for i in m.entry.items:
            if len(ordered) < MAX_RESULTS and i not in seen and keep(i):
                ordered.append((i, m.score))
                seen.add(i)
    # Full text (matters, departments, basis) only when the question names no listed
    # certificate: otherwise the answer and the names' items are what the resident asked for.
    if not reading.asked and q.words and not q.latin:
        for i, score in fulltext.search_text(engine, q, deadline - time.monotonic()):
            if i not in seen and keep(i):
                ordered.append((i, score * FULLTEXT_WEIGHT))
                seen.add(i)
    ordered = ordered[:MAX_RESULTS]
    start = (page - 1) * per_page
    return {
        "query": raw,
        "version": engine.version,
        "total": len(ordered),
        "page": page,
        "per_page": per_page,
        "answer": answer,
        "results": [_result(engine, i, s, q) for i, s in ordered[start : start + per_page]],
        "suggestions": did_you_mean(matches, reading.asked),
    }


def _certificate(engine: Engine, reading, raw: str, matches, keep):
    """A question about a certificate (for a task, or a matter, if named): its items, the
    named task's or matter's first, and the verdict on them."""
    task_items = reading.task_items if reading.task else frozenset()
    ordered, scope, matter_named = _rank_asked(engine, reading.q, reading.asked, keep, task_items)
    if not scope and task_items and reading.q.asks_certificate:
        # 领抚恤还要部队开证明伐: no certificate named, but the task's own item the
        # question points at (its issuer, its words) is the one asked about.
        scope = _pointed_at(engine, reading.q, task_items, reading.task.used, keep)
        ordered = [(i, TASK_SCORE) for i in scope] + ordered
        matter_named = bool(scope)
    if _not_for_task(reading, scope):
        # 认定工伤要单位开在职证明吗: the named task does not list the certificate, so it is
        # not this task's to ask for; what the task does need is the useful answer.
        return _task(engine, reading.task, keep, not_listed_for=reading.asked)
    return ordered, _verdict(engine, reading.q, raw, scope, matter_named, reading.asked, matches)


def _task(
    engine: Engine, match, keep, not_listed_for: list[NameMatch] = ()
) -> tuple[list[tuple[int, float]], dict]:
    """A task question: the task's items first (still required ones first), its checklist;
    `not_listed_for`: the certificates asked about, which the task does not list."""
    task = match.task
    items = [i for i in task.items if keep(i)]
    items.sort(key=lambda i: (engine.items[i]["list"] != "retained", i))
    ordered = [(i, TASK_SCORE + match.score) for i in items]
    summary = {"id": task.id, "name": task.name, "events": list(task.events)}
    answer = checklist(summary, [engine.items[i] for i in items], match.score)
    if not_listed_for:
        answer = not_in_checklist(not_listed_for[0].entry.name, answer)
    return ordered, answer


def _not_for_task(reading: intent.Reading, scope: list[int]) -> bool:
    """A certificate asked about for a task the question names plainly, which lists none of
    its items: the verdict would otherwise come from another task's item."""
    task = reading.task
    return bool(
        task is not None
        and reading.asked
        and task.score >= SURE_TASK
        and task.task.items
        and not reading.task_items.intersection(scope)
        and not reading.task_items.intersection(i for m in reading.asked for i in m.entry.items)
    )


def _event(engine: Engine, event, keep) -> tuple[list[tuple[int, float]], dict]:
    """A life-event question: the event's tasks, each with its items, the biggest first."""
    name, tasks = event
    tasks = tasks[:MAX_EVENT_TASKS]
    ordered = [(i, TASK_SCORE) for t in tasks for i in t.items if keep(i)]
    summaries = [
        {"id": t.id, "name": t.name, "item_ids": [engine.items[i]["id"] for i in t.items]}
        for t in tasks
    ]
    return ordered, life_event(name, summaries)


def _pointed_at(engine: Engine, q: Query, task_items, used, keep) -> list[int]:
    """The one item of the named task the question's other words point at by its name or its
    issuer (领抚恤还要部队开证明伐 → 因公牺牲证明, issued by 原部队), if exactly one."""
    phrases = [r.text for r in q.runs if len(r.text) >= 2 and not set(r.text) <= used]
    hits = {}
    for i in task_items:
        if keep(i):
            item = engine.items[i]
            where = item["name"] + "\n" + item["issuing_authority"]
            hits[i] = sum(
                1 for p in phrases if any(p[k : k + 2] in where for k in range(len(p) - 1))
            )
    top = max(hits.values(), default=0)
    best = [i for i, h in hits.items() if h == top]
    return best if top > 0 and len({engine.items[i]["name"] for i in best}) == 1 else []


def _typed(q: Query, m: NameMatch) -> bool:
    """Matched through words the resident typed, not only a synonym of another word."""
    return m.run < len(q.runs) and q.typed(q.runs[m.run])


def _verdict(engine, q, raw, scope, matter_named, asked, matches) -> dict:
    if scope:
        confidence = asked[0].confidence if asked else 0.5  # an item the named task points at
        return verdict([engine.items[i] for i in scope], confidence, matter_named)
    best = matches[0] if matches else None
    if best is not None and best.confidence >= WEAK and (best.head or _typed(q, best)):
        # Something on the lists comes close: say so, and never state the rule.
        closest = [engine.items[i] for i in best.entry.items]
        closest.sort(key=lambda item: item["list"] != "retained")
        return uncertain(closest, raw, best.confidence)
    return not_listed(raw, best.confidence if best else 0.0)


def _rank_asked(engine: Engine, q: Query, asked: list[NameMatch], keep, task_items: set[int]):
    """The asked names' items, those of the named task or matter first; the scope the answer
    is decided on, and whether it was picked by a named matter or task."""
    if not asked:
        return [], [], False
    rest = residual(q, asked) if engine.uses("matter") else set()
    hits: dict[int, float] = {}
    rank: dict[int, int] = {}
    for n, m in enumerate(asked):
        for i in m.entry.items:
            if keep(i):
                hits[i] = context_hits(engine, i, rest) + (TASK_HIT if i in task_items else 0)
                rank[i] = n
    top = max(hits.values(), default=0)
    scored = sorted(hits, key=lambda i: (-hits[i], rank[i], i))
    if top >= TASK_HIT:
        scope = [i for i in scored if hits[i] == top]  # the named task decides
    elif top > 0:
        # Words that only hint at the matter (身份证号码变了) decide nothing between items they
        # fit about as well: the answer then says which matters still need the certificate.
        scope = [i for i in scored if hits[i] >= top / 2]
    else:
        # No matter named: every name the phrase fits as well as the best one is meant
        # (弃婴 fits 弃婴证明 and 捡拾弃婴报案证明 alike).
        sure = {n for n, m in enumerate(asked) if m.confidence >= 0.9 * asked[0].confidence}
        scope = [i for i in scored if rank[i] in sure]
    ordered = [(i, asked[rank[i]].score + hits[i]) for i in scored]
    return ordered, scope, top > 0


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
