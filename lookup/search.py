"""The search service: query → ranked items and a one-line answer, as plain data."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from flask import current_app, has_request_context, url_for
from markupsafe import escape
from whoosh.collectors import TimeLimit
from whoosh.query import Or, Term

from . import answer as answers
from . import pinyin, store
from .fields import ITEM_FIELDS
from .query import GENERIC_WORDS, Query, core, understand
from .ranking import (
    NameMatch,
    candidate_names,
    context_hits,
    context_text,
    score_latin,
    score_name,
)
from .searcher import DeadlineCollector, Engine, current_engine
from .text import normalise_query

CONFIDENT = 0.5  # below this the certificate asked about is not on either list
NEAR_BEST = 0.6  # names scoring within this share of the best one are asked about too
MAX_RESULTS = 1000
MAX_QUERY = 200  # the views refuse or cut longer queries; the service never reads past this
log = logging.getLogger(__name__)
FULLTEXT_BOOSTS = {"name": 2.0, "matter": 1.5, "dept": 1.0, "other": 0.3}
# A word in more than this share of the items (办理, 证明 at province scale) ranks nothing and
# costs the most: full-text search leaves it out.
COMMON_SHARE = 0.02

_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 4096

RESULT_FIELDS = ("id", "list", *ITEM_FIELDS, "method", "seq", "since_version")


def search(
    query: str,
    *,
    list_kind: str | None = None,
    department: str | None = None,
    method: str | None = None,
    page: int = 1,
    per_page: int = 10,
) -> dict:
    """Search the published version; the body of GET /api/v1/search."""
    engine = current_engine()
    key = (normalise_query(query), list_kind, department, method, page, per_page, engine.version)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        hit = run(
            engine,
            query,
            list_kind=list_kind,
            department=department,
            method=method,
            page=page,
            per_page=per_page,
            time_limit=current_app.config.get("SEARCH_TIME_LIMIT", 2.0),
        )
        with _cache_lock:
            _cache[key] = hit
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    result = dict(hit, query=query)
    _record(result)
    if has_request_context():
        result["results"] = [
            dict(r, url=url_for("public.item", item_id=r["id"], _external=True))
            for r in hit["results"]
        ]
    return result


def _record(result: dict) -> None:
    """Count the search for the office's insights; never let that fail a search."""
    try:
        from . import insights

        insights.record_result(result)
    except Exception:  # insights are a by-product: the answer matters more
        log.exception("recording a search for insights failed")


def match_names(engine: Engine, q: Query) -> list[NameMatch]:
    if q.latin:
        return score_latin(engine, q)
    lookalikes = engine.seg.vocab.lookalikes
    entries = candidate_names(engine, q)
    matches = _score_all(engine, q, entries, lookalikes)
    if (not matches or matches[0].confidence < CONFIDENT) and any(
        ch in lookalikes for run in q.runs for ch in run.text
    ):
        # A character people mistake by shape (收人 for 收入) finds nothing in the index:
        # compare every name by shape instead (a few hundred names even at province scale).
        matches = _score_all(engine, q, list(engine.names.values()), lookalikes)
    return matches


def _score_all(engine: Engine, q: Query, entries, lookalikes) -> list[NameMatch]:
    matches = []
    for entry in entries:
        m = score_name(entry, q, context_text(engine, entry), lookalikes)
        if m is not None:
            matches.append(m)
    matches.sort(key=lambda m: (-m.score, -m.confidence, len(m.entry.key)))
    return matches


def asked_names(matches: list[NameMatch]) -> list[NameMatch]:
    """The names the question is about: confident, near the best, through the certificate
    phrase when the question has one (办火化要死亡证明吗 asks about 死亡证明, not 火化证明)."""
    if not matches or matches[0].confidence < CONFIDENT:
        return []
    # The phrase that ended in 证明 names the certificate; names found through another phrase
    # of the question are a different thing (办火化要死亡证明吗: 火化 is the matter).
    heads = [m for m in matches if m.head and m.confidence >= CONFIDENT]
    best = heads[0] if heads else matches[0]
    pool = [m for m in matches if m.run == best.run]
    return [m for m in pool if m.confidence >= CONFIDENT and m.score >= NEAR_BEST * best.score][:4]


def official_words(engine: Engine) -> tuple[frozenset[str], frozenset[str]]:
    """Words synonyms must not break apart: those the published lists use, and dictionary
    words that are not everyday aliases themselves (社保卡 is not 社保). Worked out once per
    engine and kept on it."""
    if engine.official is None:
        corpus = "\n".join({i["name"] for i in engine.items} | {i["matter"] for i in engine.items})
        vocab = engine.seg.vocab
        # The lists' own names come first: a new list's 准予迁入证明 is not an alias of ours.
        names = {n for e in engine.names.values() for n in (e.key, core(e.key)) if len(n) > 1}
        listed = names | {w for w in vocab.userdict_words if len(w) > 1 and w in corpus}
        other = {
            w
            for w in vocab.userdict_words
            if len(w) > 1 and w not in corpus and w not in vocab.synonyms
        }
        engine.official = (frozenset(listed), frozenset(other))
    return engine.official


def run(
    engine: Engine,
    raw: str,
    *,
    list_kind=None,
    department=None,
    method=None,
    page: int = 1,
    per_page: int = 10,
    time_limit: float = 2.0,
) -> dict:
    deadline = time.monotonic() + time_limit
    q = understand(raw[:MAX_QUERY], engine.seg, official_words(engine))
    matches = match_names(engine, q) if not q.empty else []
    asked = asked_names(matches)

    ordered: list[tuple[int, float]] = []  # (item index, score)
    seen: set[int] = set()
    scope: list[int] = []
    matter_words: set[str] = set()
    if asked:
        residual = _residual(q, asked)
        hits = {}
        rank = {}
        for n, m in enumerate(asked):
            for i in m.entry.items:
                if store.matches(engine.items[i], list_kind, department, method):
                    hits[i] = context_hits(engine, i, residual)
                    rank[i] = n
        top = max(hits.values(), default=0)
        scored = sorted(hits, key=lambda i: (-hits[i], rank[i], i))
        if top > 0:
            scope = [i for i in scored if hits[i] == top]
            matter_words = {
                r for r in residual if any(r in engine.items[i]["matter"] for i in scope)
            }
        else:
            # No matter named: every name the phrase fits as well as the best one is meant
            # (弃婴 fits 弃婴证明 and 捡拾弃婴报案证明 alike).
            sure = {n for n, m in enumerate(asked) if m.confidence >= 0.9 * asked[0].confidence}
            scope = [i for i in scored if rank[i] in sure]
        for i in scored:
            ordered.append((i, asked[rank[i]].score + hits[i]))
            seen.add(i)
    for m in matches:
        if len(ordered) >= MAX_RESULTS:
            break
        for i in m.entry.items:
            if i not in seen and store.matches(engine.items[i], list_kind, department, method):
                ordered.append((i, m.score))
                seen.add(i)
    # Full text (matters, departments, basis) only when the question names no listed
    # certificate: otherwise the answer and the names' items are what the resident asked for.
    if not asked and q.words and not q.latin:
        for i, score in _fulltext(engine, q, deadline - time.monotonic()):
            if i not in seen and store.matches(engine.items[i], list_kind, department, method):
                ordered.append((i, score * 0.1))
                seen.add(i)
    ordered = ordered[:MAX_RESULTS]

    answer = _answer(engine, q, asked, scope, matter_words)
    start = (page - 1) * per_page
    results = [_result(engine, i, score, q) for i, score in ordered[start : start + per_page]]
    return {
        "query": raw,
        "version": engine.version,
        "total": len(ordered),
        "page": page,
        "per_page": per_page,
        "answer": answer,
        "results": results,
        "suggestions": _suggestions(q, matches, asked),
    }


def _residual(q: Query, asked: list[NameMatch]) -> set[str]:
    """The other phrases of the question, and what the asked phrase leaves over: candidates
    for the matter (办火化要死亡证明吗 → 火化). Words one synonym brought in together with
    the asked phrase went into finding the certificate and are left out."""
    asked_run = q.runs[asked[0].run] if asked[0].run < len(q.runs) else None
    siblings = set()
    if asked_run is not None:
        for group in q.groups:
            if asked_run.text in group:
                siblings |= group
    covered = set().union(*(m.matched for m in asked))
    out: set[str] = set()
    for n, run in enumerate(q.runs):
        if n == asked[0].run:
            rest = "".join(ch for ch in run.text if ch not in covered)
        elif run.text in siblings:
            continue
        else:
            rest = run.text
        if len(rest) >= 2:
            out.add(rest)
            out.update(rest[i : i + 2] for i in range(len(rest) - 1))
    for word in q.words:
        if (
            len(word) >= 2
            and word not in GENERIC_WORDS
            and word not in siblings
            and any(word in r for r in out)
        ):
            out.add(word)
    return out


def _fulltext(engine: Engine, q: Query, seconds: float) -> list[tuple[int, float]]:
    """Matters, departments and basis, for questions that name no certificate; under a time
    limit that works in any worker type (whoosh's collector uses a timer thread)."""
    if seconds <= 0:
        return []
    searcher = engine.items_searcher
    common = max(50, int(COMMON_SHARE * searcher.doc_count()))
    terms = [
        Term(f, w, boost=b)
        for w in dict.fromkeys(q.words[:40])
        if w not in GENERIC_WORDS
        for f, b in FULLTEXT_BOOSTS.items()
        if 0 < searcher.doc_frequency(f, w) <= common
    ]
    if not terms:
        return []
    collector = DeadlineCollector(engine.items_searcher.collector(limit=200), seconds)
    try:
        engine.items_searcher.search_with_collector(Or(terms), collector)
    except TimeLimit:
        log.warning("full-text search cut at %.1fs: %r", seconds, q.raw[:50])
    hits = collector.results()
    out = []
    for hit in hits:
        i = engine.by_id.get(hit["id"])
        if i is not None:
            out.append((i, hit.score))
    return out


def _answer(engine: Engine, q: Query, asked, scope, matter_words) -> dict:
    if not asked or not scope:
        shown = q.raw.strip()
        text = answers.not_listed(shown if len(shown) <= 30 else shown[:30] + "…")
        return {
            "status": "not_listed",
            "text": text,
            "item_ids": [],
            "confidence": round(asked[0].confidence if asked else 0.0, 3),
        }
    items = [engine.items[i] for i in scope]
    lists = {item["list"] for item in items}
    name = items[0]["name"]
    matters = list(OrderedDict.fromkeys(item["matter"] for item in items if item["matter"]))
    # The answer names the matter it holds for, in the list's words.
    matter = None
    if matter_words and matters:
        matter = "、".join(matters[:2]) + ("等" if len(matters) > 2 else "")
    if lists == {"abolished"}:
        status, text = "abolished", answers.abolished(name, items, matter)
    elif lists == {"retained"}:
        status, text = "retained", answers.retained(name, items, matter)
    else:
        status, text = "mixed", answers.mixed(name, items)
    return {
        "status": status,
        "text": text,
        "item_ids": [i["id"] for i in items][:50],
        "confidence": round(asked[0].confidence, 3),
    }


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


def _suggestions(q: Query, matches: list[NameMatch], asked: list[NameMatch]) -> list[str]:
    """ "您是不是要找…": other names close to what was typed (the answer already names the
    one it is about), when the match was not a plain one."""
    plain = asked and asked[0].via == "hanzi" and asked[0].confidence >= 0.8
    if plain:
        return []
    answered = {m.entry.name for m in asked}
    names: list[str] = []
    for m in matches:
        if m.entry.name not in names and m.entry.name not in answered:
            names.append(m.entry.name)
        if len(names) >= 5:
            break
    return names


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Autocomplete from certificate names and everyday synonyms."""
    engine = current_engine()
    text = normalise_query(prefix).replace(" ", "")
    if not text:
        return []
    from .query import apply_synonyms

    out: list[str] = []
    if text.isascii():
        for entry in engine.names.values():
            syllables = pinyin.syllables(entry.key)
            initials = "".join(syl[0] for syl in syllables)
            if initials.startswith(text) or "".join(syllables).startswith(text):
                out.append(entry.name)
    else:
        vocab = engine.seg.vocab
        expanded, _ = apply_synonyms(text, vocab.synonyms, vocab.max_alias, *official_words(engine))
        words = [w for w in expanded.split() if w] or [text]
        for entry in engine.names.values():
            if entry.key.startswith(text):
                out.insert(0, entry.name)
            elif text in entry.key or any(w in entry.key for w in words):
                out.append(entry.name)
    return list(OrderedDict.fromkeys(out))[:limit]
