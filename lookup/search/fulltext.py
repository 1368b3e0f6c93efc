"""Full-text search over matters, departments and basis, for questions that name no certificate.

Words found in more than a small share of the items (办理, 证明 at province scale) rank nothing
and cost the most, so they are left out; the search stops at a deadline that works in any
worker type (whoosh's own time limit starts a timer thread per search).
"""

from __future__ import annotations

import logging
import time

from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.query import Or, Term

from lookup.search.engine import Engine
from lookup.search.names import GENERIC_WORDS
from lookup.search.query import Query

log = logging.getLogger(__name__)

BOOSTS = {"name": 2.0, "matter": 1.5, "dept": 1.0, "other": 0.3}
COMMON_SHARE = 0.02
LIMIT = 200
MAX_WORDS = 40


class DeadlineCollector(TimeLimitCollector):
    """whoosh's TimeLimitCollector without its per-search timer thread and SIGALRM handler.

    Starting a thread per search cost about a sixth of an uncached search; here the clock is
    read every 256 matched documents instead, so results are the same until the limit is hit.
    """

    def __init__(self, child, timelimit: float) -> None:
        super().__init__(child, timelimit, use_alarm=False)
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self.deadline = time.monotonic() + self.timelimit

    def collect_matches(self) -> None:
        child, deadline = self.child, self.deadline
        for n, sub_docnum in enumerate(child.matches()):
            if not n & 255 and time.monotonic() > deadline:
                self.timedout = True
                raise TimeLimit
            child.collect(sub_docnum)


def search_text(engine: Engine, q: Query, seconds: float) -> list[tuple[int, float]]:
    """(item index, score) of the items whose text holds the question's words."""
    if seconds <= 0:
        return []
    searcher = engine.items_searcher
    common = max(50, int(COMMON_SHARE * searcher.doc_count()))
    terms = [
        Term(f, w, boost=b)
        for w in dict.fromkeys(q.words[:MAX_WORDS])
        if w not in GENERIC_WORDS
        for f, b in BOOSTS.items()
        if 0 < searcher.doc_frequency(f, w) <= common
    ]
    if not terms:
        return []
    collector = DeadlineCollector(searcher.collector(limit=LIMIT), seconds)
    try:
        searcher.search_with_collector(Or(terms), collector)
    except TimeLimit:
        log.warning("full-text search cut at %.1fs: %r", seconds, q.raw[:50])
    out = []
    for hit in collector.results():
        i = engine.by_id.get(hit["id"])
        if i is not None:
            out.append((i, hit.score))
    return out
