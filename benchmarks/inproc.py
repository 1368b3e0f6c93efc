"""In-process figures: import and publish with a breakdown, engine load, search latency."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from lookup import create_app
from lookup.lists import store
from lookup.office import publishing, setup, workflow
from lookup.office.audit import Actor
from lookup.office.engines import follower, settings
from lookup.search import indexer, service
from lookup.search.engine import load_engine

from . import residents


def make_app(home: Path):
    home.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "LOOKUP_HOME": str(home),
            "DATABASE_URL": f"sqlite:///{home / 'lookup.sqlite3'}",
            "VERSION_CHECK_INTERVAL": 1.0,
        }
    )


POPULAR = 300  # residents' questions at the head of the Zipf mix, before the names


def query_mix(items: list[dict], places: list[str]) -> list[str]:
    """Residents' questions then certificate names: the head of the Zipf list is the first
    entries (generated from templates and the lists, never from a relevance set)."""
    popular = [row["q"] for row in residents.generate(items, POPULAR, places, seed=1)]
    return list(dict.fromkeys([*popular, *(i["name"] for i in items)]))


def distinct_queries(items: list[dict], places: list[str], n: int, seed: int = 17) -> list[str]:
    """n different residents' questions, so that no answer comes from a cache."""
    return [row["q"] for row in residents.generate(items, n, places, seed=seed)]


def percentiles(samples: list[float]) -> dict:
    s = sorted(samples)

    def at(p: float) -> float:
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]

    return {"n": len(s), "p50": at(50), "p95": at(95), "p99": at(99), "mean": statistics.mean(s)}


def search_latency(app, queries: list[str]) -> dict:
    """Milliseconds per service.search: first pass with the result cache cleared, then again."""
    out = {}
    with app.app_context():
        engine = follower(app).get()  # open the engine outside the measurement
        service.search(engine, queries[0])
        engine.forget_results()
        for label in ("uncached", "cached"):
            samples = []
            for q in queries:
                t = time.perf_counter()
                service.search(engine, q)
                samples.append((time.perf_counter() - t) * 1000)
            out[label] = percentiles(samples)
    return out


@contextmanager
def _timed(module, name: str, spent: dict):
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        t = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.monotonic() - t

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def import_and_publish(app, path: Path, list_kind: str, say=print) -> dict:
    """`lookup import PATH --list KIND --publish`, timed: read, plan, store, index, swap."""
    spent: dict[str, float] = {}
    with app.app_context():
        with (
            _timed(workflow, "read_table", spent),
            _timed(publishing, "plan", spent),
            _timed(store, "create_version", spent),
            _timed(indexer, "build", spent),
        ):
            t, cpu = time.monotonic(), time.process_time()
            actor = Actor("bench", "命令行")
            result, draft_id, planned = workflow.import_spreadsheet(
                app,
                path,
                list_kind,
                filename=path.name,
                actor=actor,
                keep_errors=False,
                department=None,  # the whole list
            )
            if draft_id is None:
                raise RuntimeError("\n".join(str(p) for p in result.errors))
            workflow.publish_draft(
                app,
                draft_id,
                note="bench",
                actor=actor,
                background=False,
                progress=say,
                confirm_removals=planned["summary"]["removed"],  # replacing it is the point
            )
            total, cpu = time.monotonic() - t, time.process_time() - cpu
        number = store.current_version()
        t = time.monotonic()
        items = store.items_of(number)
        engine = load_engine(settings(app), number, items)  # what a worker does before it swaps
        swap = time.monotonic() - t
        n_items = len(engine.items)
        engine.close()
    return {
        "list": list_kind,
        "items": n_items,
        "read": spent["read_table"],
        "plan": spent["plan"],
        "store": spent["create_version"],
        "index": spent["build"],
        "publish": total,
        "cpu": cpu,  # this process's CPU seconds: what the wall time would be on an idle machine
        "swap": swap,
        "total": total + swap,
    }


def init_home(home: Path) -> None:
    app = make_app(home)
    with app.app_context():
        setup.init(app)
