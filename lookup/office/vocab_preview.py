"""What a vocabulary change would do, seen before it is published.

A temporary engine is built on the published items with the proposed vocabulary, in a
temporary folder (nothing of the serving engine or this node's indexes is touched), and asked
two sets of questions beside the engine in effect:

- the recent failed queries (`lookup.office.insights`): which of them it would now answer,
  and how;
- the tuning questions (`VOCAB_TUNING_SET`, tests/relevance/pinghu.tsv), only when that file
  exists and the published lists are the shipped ones it was written for: which question the
  service answers correctly now would get a different answer.

The blind sets (tests/blind/) are never read: a path under them is refused.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask import Flask

from lookup.core.clock import utcnow
from lookup.core.config import PROJECT_ROOT
from lookup.core.errors import IndexMissing
from lookup.core.fields import ITEM_FIELDS, LISTS
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.lists.importer import read_table
from lookup.office import engines, insights, vocabularies
from lookup.office.setup import SHIPPED
from lookup.office.vocab_changes import Proposal, check
from lookup.search import service, vocab
from lookup.search.engine import Engine, Settings, load_engine

PREVIEW_DAYS = 30  # failed queries of this many days are tried
FAILED_LIMIT = 200
TESTS = PROJECT_ROOT / "tests"
BLIND = TESTS / "blind"
SETTINGS = {"VOCAB_TUNING_SET": str(TESTS / "relevance" / "pinghu.tsv")}
STATUS_LABELS = {
    "abolished": "已取消",
    "retained": "仍需提供",
    "mixed": "情况不同",
    "task": "办事清单",
    "uncertain": "不确定",
    "not_listed": "未列入清单",
}
_shipped_cache: dict[tuple[str, int], bool] = {}
# Answers of the vocabulary in effect, kept for the next preview: (version, digest) → answers.
_before: dict[tuple[int, str], dict[str, dict]] = {}


def tuning_set(app: Flask) -> tuple[Path | None, str]:
    """The tuning questions' file, or None and why it is not used."""
    path = Path(app.config.get("VOCAB_TUNING_SET") or SETTINGS["VOCAB_TUNING_SET"]).resolve()
    if path == BLIND.resolve() or BLIND.resolve() in path.parents or "blind" in path.parts:
        return None, "盲测集只用于对外报告的评测，不用于预览，已跳过。"
    if not path.is_file():
        return None, "没有找到调优问题集，已跳过这一项检查。"
    return path, ""


def _content(items: list[dict]) -> list[tuple]:
    return sorted(tuple((i.get(f) or "") for f in ("list", *ITEM_FIELDS)) for i in items)


def shipped_lists_published(app: Flask, version: int, items: list[dict]) -> bool:
    """Whether the published lists are the shipped ones (data/), item for item."""
    key = (app.config["DATABASE_URL"], version)
    if key not in _shipped_cache:
        shipped = []
        for kind in LISTS:
            path = Path(app.config["DATA_DIR"]) / SHIPPED[kind]
            result = read_table(path, kind, filename=path.name) if path.is_file() else None
            shipped += [{**row, "list": kind} for row in (result.rows if result else [])]
        _shipped_cache[key] = _content(shipped) == _content(items)
    return _shipped_cache[key]


def answer_of(result: dict) -> dict:
    """What a question got: its answer's status, text and items, and its insights outcome."""
    answer = result.get("answer") or {}
    status = answer.get("status", "")
    return {
        "status": status,
        "label": STATUS_LABELS.get(status, status),
        "text": answer.get("text", ""),
        "items": frozenset(answer.get("item_ids") or ()),
        "outcome": insights.outcome(
            status, float(answer.get("confidence") or 0.0), int(result.get("total") or 0)
        ),
    }


def ask(engine: Engine, query: str) -> dict:
    return answer_of(service.run(engine, query, per_page=10))


def ask_before(engine: Engine, query: str) -> dict:
    """`ask` for the engine in effect, whose answers do not change until it does."""
    key = (engine.version, engine.settings.vocabulary.digest)
    if key not in _before:
        _before.clear()  # only the vocabulary in effect is previewed against
        _before[key] = {}
    answers = _before[key]
    if query not in answers:
        answers[query] = ask(engine, query)
    return answers[query]


@contextmanager
def temporary_engine(
    app: Flask, vocabulary: vocab.Vocabulary, version: int, items: list[dict]
) -> Iterator[Engine]:
    """An engine with another vocabulary, built in a temporary folder and removed after."""
    home = Path(app.config["LOOKUP_HOME"])
    with tempfile.TemporaryDirectory(prefix=".vocab-preview-", dir=home) as folder:
        settings = Settings(
            home=Path(folder),
            vocabulary=vocabulary,
            vocabulary_version=-1,
            time_limit=float(app.config["SEARCH_TIME_LIMIT"]),
            cache=home / "cache",
        )
        engine = load_engine(settings, version, items, private=True)
        try:
            yield engine
        finally:
            engine.close()


def _failed_queries(before: Engine, after: Engine) -> tuple[list[dict], int]:
    until = utcnow() + timedelta(hours=1)
    rows = insights.failed_queries(until - timedelta(days=PREVIEW_DAYS), until, FAILED_LIMIT)
    answered = []
    for row in rows:
        old, new = ask_before(before, row["query"]), ask(after, row["query"])
        if old["outcome"] != "ok" and new["outcome"] == "ok":
            answered.append(
                {"query": row["query"], "count": row["count"], "before": old, "after": new}
            )
    return answered, len(rows)


def _tuning(app: Flask, before: Engine, after: Engine, items: list[dict]) -> dict:
    path, reason = tuning_set(app)
    if path is not None and not shipped_lists_published(app, before.version, items):
        path, reason = None, "当前发布的清单不是调优问题集所依据的示例清单，已跳过这一项检查。"
    if path is None:
        return {"used": False, "reason": reason, "checked": 0, "changed": []}
    with open(path, encoding="utf-8", newline="") as fh:
        questions = [(r["query"], r["status"]) for r in csv.DictReader(fh, delimiter="\t")]
    changed, checked = [], 0
    for query, expected in questions:
        old = ask_before(before, query)
        if old["status"] != expected:
            continue  # answered wrongly now: not a question the change could break
        checked += 1
        new = ask(after, query)
        if (new["status"], new["items"]) != (old["status"], old["items"]):
            changed.append(
                {
                    "query": query,
                    "expected": STATUS_LABELS.get(expected, expected),
                    "before": old,
                    "after": new,
                }
            )
    return {"used": True, "reason": "", "checked": checked, "changed": changed}


def preview(app: Flask, proposal: Proposal, base: int) -> dict:
    """What publishing the proposal on top of vocabulary version `base` would change."""
    with session_factory(app)() as session:
        version = store.current_version(session)
        items = store.items_of(version, session=session)
        texts = vocabularies.texts_of(app, base, session)
    if not version:
        raise IndexMissing("尚未发布任何清单，无法预览。")
    new = check(proposal, texts, items)
    serving = engines.follower(app).get()
    old_vocabulary = vocab.from_texts(texts)
    with temporary_engine(app, vocab.from_texts(new), version, items) as after:
        if (serving.version, serving.settings.vocabulary.digest) == (
            version,
            old_vocabulary.digest,
        ):
            return _preview(app, proposal, base, serving, after, items)
        with temporary_engine(app, old_vocabulary, version, items) as before:
            return _preview(app, proposal, base, before, after, items)


def _preview(app, proposal, base, before, after, items) -> dict:
    asked = None
    if proposal.query:
        asked = {
            "query": proposal.query,
            "before": ask_before(before, proposal.query),
            "after": ask(after, proposal.query),
        }
    answered, tried = _failed_queries(before, after)
    return {
        "base": base,
        "lines": proposal.lines(),
        "asked": asked,
        "answered": answered,
        "failed_tried": tried,
        "days": PREVIEW_DAYS,
        "tuning": _tuning(app, before, after, items),
        "form": proposal.as_form(),
    }
