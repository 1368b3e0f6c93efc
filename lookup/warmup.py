"""Load the shared, read-only parts of the search layer before gunicorn forks its workers.

Open whoosh searchers are not shared (their files would share offsets across processes):
each worker opens its own on its first request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import pinyin, vocab
from .analysis import get_segmenter


def warm(app: Flask) -> None:
    vocabulary = vocab.load(app.config["VOCAB_DIR"])
    seg = get_segmenter(vocabulary, Path(app.config["LOOKUP_HOME"]) / "cache")
    seg.words("亲属关系证明")
    pinyin.syllable_options("亲属关系证明")
