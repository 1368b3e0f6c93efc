"""Full-text search over matters, departments and basis, for questions that name no certificate.

Words found in more than a small share of the items (办理, 证明 at province scale) rank nothing
and cost the most, so they are left out. The remaining terms are scored here as whoosh scores
them (BM25F, the same statistics read from the index, summed in the order of its Or), but over
postings read once per engine and kept: whoosh's matcher tree cost about 130 µs per matched
item, most of a province question that reaches full text. The search stops at a deadline.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import time
from array import array
from collections import OrderedDict

from whoosh.scoring import bm25

from lookup.search.engine import Engine
from lookup.search.names import GENERIC_WORDS
from lookup.search.query import Query

log = logging.getLogger(__name__)

BOOSTS = {"name": 2.0, "matter": 1.5, "dept": 1.0, "other": 0.3}
COMMON_SHARE = 0.02
LIMIT = 200
MAX_WORDS = 40
KEPT_TERMS = 1024  # (field, word) postings kept per engine, the least recently used dropped
WHOOSH_ARRAY_DOCS = 5000  # up to this many documents whoosh adds an Or's scores in term order


def search_text(engine: Engine, q: Query, seconds: float) -> list[tuple[int, float]]:
    """(item index, score) of the items whose text holds the question's words, best first."""
    if seconds <= 0:
        return []
    deadline = time.monotonic() + seconds
    searcher = engine.items_searcher
    common = max(50, int(COMMON_SHARE * searcher.doc_count()))
    terms = [
        (f, w, b)
        for w in dict.fromkeys(q.words[:MAX_WORDS])
        if w not in GENERIC_WORDS
        for f, b in BOOSTS.items()
        if 0 < searcher.doc_frequency(f, w) <= common
    ]
    best, cut = ranked(engine, searcher, engine.text_postings, terms, LIMIT, deadline)
    if cut:
        log.warning("full-text search cut at %.1fs: %r", seconds, q.raw[:50])
    items = engine.documents()
    return [(items[d], s) for d, s in best if items[d] >= 0]


def ranked(engine: Engine, searcher, kept: OrderedDict, terms, limit: int, deadline: float):
    """The `limit` best (document, score) for an Or of (field, word, boost) terms, scored as
    whoosh scores them, and whether the deadline cut the terms short."""
    leaves, cut = [], False
    for field, word, boost in terms:
        if time.monotonic() > deadline:
            cut = True
            break
        docs, scores = _postings(engine, searcher, kept, field, word)
        leaves.append((len(docs), {d: s * boost for d, s in zip(docs, scores, strict=True)}))
    if not leaves:
        return [], cut
    if searcher.doc_count_all() > WHOOSH_ARRAY_DOCS:
        summed = _tree_sum(leaves)
    else:
        summed = {}
        for _n, leaf in leaves:
            for d, s in leaf.items():
                summed[d] = summed.get(d, 0.0) + s
    return heapq.nsmallest(limit, summed.items(), key=lambda kv: (-kv[1], kv[0])), cut


def _tree_sum(leaves: list[tuple[int, dict[int, float]]]) -> dict[int, float]:
    """Scores added up as whoosh's Or adds them over a large index: a tree of unions, the
    two smallest postings first (ties in order), so that the sums are the same floats."""
    pending = sorted(leaves, key=lambda leaf: leaf[0])  # stable, as whoosh's sort is
    while len(pending) > 1:
        (na, a), (nb, b) = pending.pop(0), pending.pop(0)
        both = dict(a)
        for d, s in b.items():
            both[d] = both[d] + s if d in both else s
        bisect.insort_right(pending, (na + nb, both), key=lambda leaf: leaf[0])
    return pending[0][1]


def _postings(engine: Engine, searcher, kept: OrderedDict, field: str, word: str):
    """The documents of one term and their BM25F scores, worked out once per engine (kept as
    arrays: 12 bytes a posting)."""
    key = (field, word)
    with engine._lock:
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found
    idf = searcher.idf(field, word)
    avgfl = searcher.avg_field_length(field) or 1
    weighting = searcher.weighting
    B, K1 = weighting._field_B.get(field, weighting.B), weighting.K1
    m = searcher.postings(field, word)
    found = (array("i"), array("d"))
    while m.is_active():
        docnum = m.id()
        length = searcher.doc_field_length(docnum, field, 1)
        found[0].append(docnum)
        found[1].append(bm25(idf, m.weight(), length, avgfl, B, K1))
        m.next()
    with engine._lock:
        kept[key] = found
        while len(kept) > KEPT_TERMS:
            kept.popitem(last=False)
    return found
