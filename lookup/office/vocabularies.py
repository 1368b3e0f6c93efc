"""Which search vocabulary is in effect: the office's newest published version, or else the
shipped files in data/vocab (`VOCAB_DIR`), which stay the defaults (version 0)."""

from __future__ import annotations

from contextlib import contextmanager

from flask import Flask
from sqlalchemy.orm import Session

from lookup.core.errors import NotFound
from lookup.lists import vocab_store
from lookup.lists.db import session_factory
from lookup.search import vocab
from lookup.search.vocab import Vocabulary

SHIPPED = vocab_store.SHIPPED
SHIPPED_LABEL = "随程序发布的默认词表（data/vocab）"


@contextmanager
def _session(app: Flask, session: Session | None):
    if session is not None:
        yield session
        return
    with session_factory(app)() as own:
        yield own


def shipped_texts(app: Flask) -> dict[str, str]:
    return vocab.read_texts(app.config["VOCAB_DIR"])


def unknown(number: int) -> NotFound:
    return NotFound("unknown_vocab_version", f"词表版本 {number} 不存在或未发布。")


def current_number(app: Flask, session: Session | None = None) -> int:
    with _session(app, session) as s:
        return vocab_store.current_number(s)


def texts_of(app: Flask, number: int, session: Session | None = None) -> dict[str, str]:
    """The files' texts of a published version (0: the shipped files)."""
    if number == SHIPPED:
        return shipped_texts(app)
    with _session(app, session) as s:
        row = vocab_store.get(s, number)
    if row is None:
        raise unknown(number)
    return row["files"] if row["files"] is not None else shipped_texts(app)


def vocabulary_of(app: Flask, number: int, session: Session | None = None) -> Vocabulary:
    return vocab.from_texts(texts_of(app, number, session))


def in_effect(app: Flask, session: Session | None = None) -> tuple[int, dict[str, str]]:
    """(number, texts) of the vocabulary every node searches with now."""
    with _session(app, session) as s:
        number = vocab_store.current_number(s)
        return number, texts_of(app, number, s)


def vocabulary_in_effect(app: Flask, session: Session | None = None) -> tuple[int, Vocabulary]:
    number, texts = in_effect(app, session)
    return number, vocab.from_texts(texts)
