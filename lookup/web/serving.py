"""The production stack's hooks: what gunicorn calls before and after it forks its workers.

`create_app()` builds the whole stack itself (the response cache in front, cache sizes from
the config); gunicorn.conf.py only calls these two hooks. Before the fork the master loads what
workers share read-only — the dictionary, pinyin tables and the published version's engine,
with its per-version first-use work done — so that workers share it copy-on-write and none pays
it on its first request. Open whoosh searchers are not shared: each worker opens its own.
"""

from __future__ import annotations

import logging
import os

from flask import Flask

from lookup.office.engines import follower
from lookup.search import pinyin
from lookup.search.analysis import get_segmenter

log = logging.getLogger(__name__)


def before_fork(app: Flask) -> None:
    """Warm the shared, read-only parts of the search layer in the master."""
    if "LOOKUP_PUBLIC_BASE_URL" not in os.environ and not app.config.get("TESTING"):
        log.warning(
            "LOOKUP_PUBLIC_BASE_URL is not set: links and QR codes point at %s",
            app.config["PUBLIC_BASE_URL"],
        )
    pinyin.syllable_options("亲属关系证明")
    following = follower(app)
    try:
        # The published version with the published vocabulary: its segmenter is warmed too.
        following.preload().seg.words("亲属关系证明")
    except Exception:  # nothing published or no index yet: the first request reports it
        log.exception("preloading the search engine failed; workers load it on first use")
        shipped = following.settings  # at least the dictionary of the shipped vocabulary
        get_segmenter(shipped.vocabulary, shipped.cache_dir).words("亲属关系证明")


def after_fork(app: Flask) -> None:
    """In a new worker: this process's own searchers on the engine preloaded by the master."""
    follower(app).after_fork()
