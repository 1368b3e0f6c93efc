"""Load the shared, read-only parts of the search layer before gunicorn forks its workers.

The engine of the published version (items, name catalogue, pinyin options) is loaded here
too, so that workers share it copy-on-write and none pays the load on its first request. Open
whoosh searchers are not shared (their files would share offsets across processes): each
worker opens its own after the fork (`Holder.after_fork`, from gunicorn's post_fork hook).
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import pinyin, vocab
from .analysis import get_segmenter
from .searcher import holder

log = logging.getLogger(__name__)


def warm(app: Flask) -> None:
    vocabulary = vocab.load(app.config["VOCAB_DIR"])
    seg = get_segmenter(vocabulary, Path(app.config["LOOKUP_HOME"]) / "cache")
    seg.words("亲属关系证明")
    pinyin.syllable_options("亲属关系证明")
    try:
        engine = holder(app).preload(app)
        # Per-engine work the search does on first use (a scan of every name and matter).
        from .search import official_words

        official_words(engine)
    except Exception:  # nothing published or no index yet: the first request reports it
        log.exception("preloading the search engine failed; workers load it on first use")
