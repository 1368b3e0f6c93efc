"""`scripts/bench --profile`: where an uncached search spends its time, in-process.

Residents' questions (`benchmarks.residents`, every one distinct, the engine's result cache
cleared before each) run once unprofiled for latency per kind, then again under cProfile; the
top cumulative and self costs are printed.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

from lookup.office.engines import follower
from lookup.search import service

from . import residents
from .inproc import percentiles


def questions_for(app, n: int, places: list[str]) -> list[dict]:
    with app.app_context():
        engine = follower(app).get()
        return residents.generate(engine.items, n, places)


def latency(app, questions: list[dict]) -> dict:
    """Milliseconds per uncached service.search, overall and per kind of question."""
    samples: dict[str, list[float]] = {}
    with app.app_context():
        engine = follower(app).get().warm()
        service.search(engine, "warm-up")
        for row in questions:
            engine.forget_results()
            t = time.perf_counter()
            service.search(engine, row["q"])
            ms = (time.perf_counter() - t) * 1000
            samples.setdefault(row["kind"], []).append(ms)
            samples.setdefault("all", []).append(ms)
    return {kind: percentiles(s) for kind, s in samples.items()}


def profile(app, questions: list[dict], top: int = 25) -> str:
    """cProfile of the uncached searches: the top `top` functions by cumulative and self time."""
    with app.app_context():
        engine = follower(app).get().warm()
        profiler = cProfile.Profile()
        for row in questions:
            engine.forget_results()
            profiler.enable()
            service.search(engine, row["q"])
            profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    for order in ("cumulative", "tottime"):
        out.write(f"\n--- top {top} by {order} ---\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def table(label: str, by_kind: dict) -> str:
    lines = [f"{label}: uncached in-process latency (ms) by kind of question"]
    for kind, s in sorted(by_kind.items(), key=lambda kv: kv[0] != "all"):
        lines.append(
            f"  {kind:12} n={s['n']:5}  p50 {s['p50']:6.2f}  p95 {s['p95']:6.2f}  "
            f"p99 {s['p99']:6.2f}  mean {s['mean']:6.2f}"
        )
    return "\n".join(lines)
