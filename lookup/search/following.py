"""The engine one process serves, and the cheap version check that keeps it current.

A `Follower` asks the store what is published — the lists' version and the vocabulary's — at
most once per check interval. An engine for a newer version of either is opened beside the old
one and swapped in by one assignment, so no request sees a half state. When this node has no
index for it yet (another node published it), the lists are large, or the vocabulary is new to
this process (its segmenter takes seconds to make), it is loaded in a background thread while
the old one serves. If the store cannot be reached, the engine in hand goes on serving and the
check is retried.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from lookup.core.errors import IndexMissing
from lookup.search import indexer
from lookup.search.analysis import has_segmenter
from lookup.search.engine import Engine, Settings, load_engine
from lookup.search.vocab import Vocabulary

log = logging.getLogger(__name__)

# Engines with more items than this are loaded beside the serving one in a background thread
# (seconds at province scale); smaller ones are loaded by the request that notices the version.
SYNC_LOAD_MAX_ITEMS = 5000
NOTHING_PUBLISHED = "尚未发布任何清单，请先运行 `lookup init`。"


class Published(NamedTuple):
    """What the store has published: the lists' version, the vocabulary's (0: shipped files)."""

    lists: int
    vocabulary: int = 0


def published_by(engine: Engine) -> Published:
    return Published(engine.version, engine.settings.vocabulary_version)


class Follower:
    """Holds this process's engine and follows the published lists and vocabulary."""

    def __init__(
        self,
        settings: Settings,
        latest_version: Callable[[], Published],
        items_of: Callable[[int], list[dict]],
        check_interval: float = 1.0,
        *,
        vocabulary_of: Callable[[int], Vocabulary] | None = None,
    ) -> None:
        self.settings = settings
        self.latest_version = latest_version
        self.items_of = items_of
        self.vocabulary_of = vocabulary_of  # None: always the vocabulary in `settings`
        self.vocabulary: tuple[int, Vocabulary] | None = None  # the last one read
        self.check_interval = check_interval
        self.engine: Engine | None = None
        self.previous: Engine | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()
        self.building = False
        self.wanted: Published | None = None  # what the store said was published, last check
        self.last_error: str | None = None  # why the last version check failed, if it did

    def get(self) -> Engine:
        """The engine to answer with: the published version, as fresh as the last check."""
        engine = self.engine
        if engine is not None and time.monotonic() - self.checked_at < self.check_interval:
            return engine
        with self.lock:
            self.checked_at = time.monotonic()
            try:
                latest = self.latest_version()
            except Exception as exc:  # the store is away: keep serving what we have
                if self.engine is None:
                    raise
                if self.last_error is None:
                    log.warning(
                        "version check failed, serving version %s: %s", self.engine.version, exc
                    )
                self.last_error = str(exc)[:200] or type(exc).__name__
                return self.engine
            self.last_error = None
            if not isinstance(latest, tuple):  # a plain list version number
                latest = Published(latest)
            if latest.lists == 0:
                raise IndexMissing(NOTHING_PUBLISHED)
            self.wanted = latest
            if self.engine is None:
                self._swap(self._load(latest, self._settings_for(latest.vocabulary)))
            elif published_by(self.engine) != latest:
                self._follow(latest)
            return self.engine

    def _settings_for(self, vocabulary_version: int, fresh: bool = False) -> Settings:
        """The settings of an engine built with a published vocabulary version; `fresh` reads
        it again (version 0 is the shipped files, which an operator may have edited)."""
        if (
            not fresh
            and self.engine is not None
            and self.engine.settings.vocabulary_version == vocabulary_version
        ):
            return self.engine.settings
        if self.vocabulary_of is None:
            return self.settings
        if fresh or self.vocabulary is None or self.vocabulary[0] != vocabulary_version:
            # Read once per version, not on every check while its engine is being built.
            self.vocabulary = (vocabulary_version, self.vocabulary_of(vocabulary_version))
        return replace(
            self.settings, vocabulary=self.vocabulary[1], vocabulary_version=vocabulary_version
        )

    def _load(self, latest: Published, settings: Settings) -> Engine:
        return load_engine(settings, latest.lists, self.items_of(latest.lists))

    def _follow(self, latest: Published) -> None:
        # With new lists the vocabulary is read again, as a publish on this node reads it.
        settings = self._settings_for(latest.vocabulary, fresh=latest.lists != self.engine.version)
        digest = settings.vocabulary.digest
        small = len(self.engine.items) <= SYNC_LOAD_MAX_ITEMS
        quick = small and has_segmenter(settings.vocabulary)
        if quick and indexer.is_built(settings.home, latest.lists, digest):
            self._swap(self._load(latest, settings))
        elif not self.building:
            # Requests go on with the current engine until the new one is ready.
            self.building = True
            threading.Thread(target=self._build, args=(latest, settings), daemon=True).start()

    def _build(self, latest: Published, settings: Settings) -> None:
        try:
            engine = self._load(latest, settings).warm()  # first-use work off the request path
            with self.lock:
                if self.wanted == latest:  # still what is published: not overtaken meanwhile
                    self._swap(engine)
        except Exception:  # the old version keeps serving; the next check tries again
            log.exception("loading version %s failed", latest)
        finally:
            self.building = False

    def _swap(self, engine: Engine) -> None:
        # The engine before the previous one can no longer be in use by a request.
        if self.previous is not None:
            self.previous.close()
        self.previous, self.engine = self.engine, engine

    def preload(self) -> Engine:
        """Load and warm the published version before a fork; workers then share its memory."""
        engine = self.get().warm()
        engine.close()  # open files must not be shared across processes: see after_fork
        return engine

    def after_fork(self) -> None:
        """In a new worker: fresh locks, and this process's own searchers."""
        self.lock = threading.Lock()
        self.building = False
        self.previous = None
        if self.engine is not None:
            self.engine.open()
