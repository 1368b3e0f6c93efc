"""The per-process search engine of the published version, swapped when a new version appears.

Each worker keeps one `Engine` (whoosh searchers plus the items of the version in memory) and
checks the store's version number at most once per VERSION_CHECK_INTERVAL. A newer version is
opened beside the old one and swapped in by one assignment, so no request sees a half state.
When this node has no index for the new version yet (another node published it), one worker
builds it in the background while the old version goes on serving.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from whoosh.collectors import TimeLimit, TimeLimitCollector

from . import indexer, pinyin, store, vocab
from .analysis import Segmenter, get_segmenter
from .db import session_factory

log = logging.getLogger(__name__)


@dataclass
class NameEntry:
    key: str
    name: str
    items: list[int] = field(default_factory=list)
    options: tuple = ()
    context: str | None = None  # ranking.context_text, worked out once per name and engine


@dataclass
class Engine:
    version: int
    seg: Segmenter
    names_ix: object
    items_ix: object
    items: list[dict]
    names: dict[str, NameEntry]
    matter_terms: list[frozenset[str]]
    by_id: dict[str, int]
    names_searcher: object = None
    items_searcher: object = None
    # search.official_words, worked out once per engine (it scans every name and matter)
    official: tuple[frozenset[str], frozenset[str]] | None = None

    def open(self) -> Engine:
        self.names_searcher = self.names_ix.searcher()
        self.items_searcher = self.items_ix.searcher()
        return self

    def close(self) -> None:
        for s in (self.names_searcher, self.items_searcher):
            if s is not None:
                s.close()
        self.names_searcher = self.items_searcher = None


def load_engine(app: Flask, version: int, items: list[dict] | None = None) -> Engine:
    """Open (building when needed) the index of a version and the catalogue of its names."""
    home = Path(app.config["LOOKUP_HOME"])
    vocabulary = vocab.load(app.config["VOCAB_DIR"])
    seg = get_segmenter(vocabulary, home / "cache")
    if items is None:
        with session_factory(app)() as session:
            items = store.items_of(version, session=session)
    if not indexer.is_built(home, version, vocabulary.digest):
        with indexer.build_lock(home):
            indexer.build(home, version, items, seg)
    names_ix, items_ix = indexer.open_version(home, version, vocabulary.digest)
    names: dict[str, NameEntry] = {}
    matter_terms = []
    # Province lists repeat names and matters: work out each distinct text once, share the sets.
    keys: dict[str, str] = {}
    terms = indexer.TermCache(seg)
    sets: dict[str, frozenset[str]] = {}
    for i, item in enumerate(items):
        key = keys.get(item["name"])
        if key is None:
            key = keys[item["name"]] = indexer.name_key(item["name"])
        entry = names.get(key)
        if entry is None:
            entry = names[key] = NameEntry(key=key, name=item["name"])
        entry.items.append(i)
        found = sets.get(item["matter"])
        if found is None:
            found = sets[item["matter"]] = frozenset(terms(item["matter"]).split())
        matter_terms.append(found)
    for entry in names.values():
        entry.options = pinyin.syllable_options(entry.key)
    by_id = {item["id"]: i for i, item in enumerate(items)}
    engine = Engine(version, seg, names_ix, items_ix, items, names, matter_terms, by_id)
    return engine.open()


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


# Engines with more items than this are loaded beside the serving one in a background thread
# (seconds at province scale); smaller ones are loaded by the request that notices the version.
SYNC_LOAD_MAX_ITEMS = 5000


class Holder:
    """The engine of one process, and the cheap version check that keeps it current."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.previous: Engine | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()
        self.building = False

    def get(self, app: Flask) -> Engine:
        now = time.monotonic()
        engine = self.engine
        if engine is not None and now - self.checked_at < app.config["VERSION_CHECK_INTERVAL"]:
            return engine
        with self.lock:
            self.checked_at = time.monotonic()
            with session_factory(app)() as session:
                latest = store.current_version(session)
            if latest == 0:
                raise indexer.IndexMissing("尚未发布任何清单，请先运行 `lookup init`。")
            if self.engine is not None and self.engine.version == latest:
                return self.engine
            if self.engine is None:
                self._swap(load_engine(app, latest))
            else:
                self._follow(app, latest)
            return self.engine

    def _follow(self, app: Flask, latest: int) -> None:
        home = Path(app.config["LOOKUP_HOME"])
        digest = vocab.load(app.config["VOCAB_DIR"]).digest
        small = len(self.engine.items) <= SYNC_LOAD_MAX_ITEMS
        if small and indexer.is_built(home, latest, digest):
            self._swap(load_engine(app, latest))
        elif not self.building:
            # Requests go on with the current version until the new one is ready.
            self.building = True
            threading.Thread(target=self._build, args=(app, latest), daemon=True).start()

    def preload(self, app: Flask) -> Engine:
        """Load the published version before gunicorn forks; workers then share its memory."""
        engine = self.get(app)
        engine.close()  # open files must not be shared across processes: see after_fork
        return engine

    def after_fork(self) -> None:
        """In a new worker: open this process's own searchers on the preloaded engine."""
        self.lock = threading.Lock()
        self.building = False
        self.previous = None
        if self.engine is not None:
            self.engine.open()

    def _build(self, app: Flask, latest: int) -> None:
        try:
            engine = load_engine(app, latest)
            from .search import official_words  # the search's first-use work, off the requests

            official_words(engine)
            with self.lock:
                if self.engine is None or self.engine.version < latest:
                    self._swap(engine)
        except Exception:  # the old version keeps serving; the next check tries again
            log.exception("building the index of version %s failed", latest)
        finally:
            self.building = False

    def _swap(self, engine: Engine) -> None:
        # The engine before the previous one can no longer be in use by a request.
        if self.previous is not None:
            self.previous.close()
        self.previous, self.engine = self.engine, engine


def holder(app: Flask | None = None) -> Holder:
    app = app or current_app
    return app.extensions.setdefault("lookup_search", Holder())


def current_engine() -> Engine:
    """The engine for this request: the published version, as fresh as the last check."""
    return holder().get(current_app._get_current_object())
