"""Ask a relevance set of the service (and, in the same run, of two baselines); print tables.

`measure` returns per-system results; `table` prints certificate questions (recall@5, MRR,
answer accuracy per category), task questions (share of the task's items in the top 10, task
named) and certificate-for-a-task questions (verdict and keyed item); `ablation_table` shows
the service's figures with each part of the search switched off in turn.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Flask

from lookup.evaluation.baselines import PlainWhoosh, SqlLike
from lookup.evaluation.metrics import CERTIFICATE_CATEGORIES, evaluate, single_list_accuracy
from lookup.evaluation.questions import Question, load
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.office.engines import follower
from lookup.search import service
from lookup.search.engine import PARTS, load_engine

SYSTEMS = ("service", "plain_whoosh", "sql_like")


def service_runner(app: Flask, engine=None):
    engine = engine or follower(app).get()
    return lambda q: service.run(engine, q, per_page=10)


def _items(app: Flask) -> tuple[int, list[dict]]:
    with session_factory(app)() as session:
        version = store.current_version(session)
        return version, store.items_of(version, session=session)


def measure(app: Flask, questions: list[Question] | None = None, baselines: bool = True) -> dict:
    questions = questions or load()
    version, items = _items(app)
    run = service_runner(app)
    out = {"service": evaluate(questions, run, items)}
    out["service_single_list"] = single_list_accuracy(questions, run)
    if baselines:
        plain = PlainWhoosh(items)
        try:
            out["plain_whoosh"] = evaluate(questions, plain, items)
        finally:
            plain.close()
        with session_factory(app)() as session:
            out["sql_like"] = evaluate(questions, SqlLike(session, version), items)
    return out


def ablations(app: Flask, questions: list[Question]) -> dict[str, dict]:
    """The service's figures with each part switched off in turn (same items, same run)."""
    version, items = _items(app)
    base = follower(app).get()
    out = {"all parts": evaluate(questions, service_runner(app, base), items)}
    for part in PARTS:
        engine = load_engine(replace(base.settings, disabled=frozenset({part})), version, items)
        try:
            out[f"without {part}"] = evaluate(questions, service_runner(app, engine), items)
        finally:
            engine.close()
    return out


def _f(value) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def table(results: dict) -> str:
    systems = [s for s in SYSTEMS if s in results]
    lines = [
        "category      n | " + " | ".join(f"{s:^21}" for s in systems),
        "                | " + " | ".join("  R@5   MRR  answer " for _ in systems),
    ]
    for category in (*CERTIFICATE_CATEGORIES, "overall"):
        parts = [_part(results[s], category) for s in systems]
        if all(p is None for p in parts):
            continue
        n = next(p["n"] for p in parts if p)
        cells = [f"{_f(p['recall5'])} {_f(p['mrr'])} {_f(p['answer'])} " for p in parts]
        lines.append(f"{category:<11} {n:>3} | " + " | ".join(cells))
    lines += _task_lines(results, systems)
    service = results["service"]
    nl = service["by_category"].get("not_listed", {}).get("answer")
    lines.append("")
    lines.append(
        f"service: recall@5 {_f(service['overall']['recall5'])}, single-list answer accuracy "
        f"{results['service_single_list']:.3f}, not_listed rate {_f(nl)}, "
        f"harmful answers {service['harmful']}"
    )
    return "\n".join(lines)


def _part(result: dict, category: str) -> dict | None:
    return result["overall"] if category == "overall" else result["by_category"].get(category)


def _task_lines(results: dict, systems: list[str]) -> list[str]:
    lines = []
    task = [results[s]["by_category"].get("task") for s in systems]
    if any(task):
        lines += ["", "task questions  n | " + " | ".join(f"{s:^21}" for s in systems)]
        lines.append("                  | " + " | ".join(" share@10 task named " for _ in systems))
        cells = [f"  {_f(p['share10'])}    {_f(p['answer'])}   " for p in task]
        lines.append(f"task          {task[0]['n']:>3} | " + " | ".join(cells))
    both = [results[s]["by_category"].get("cert_task") for s in systems]
    if any(both):
        lines += ["", "certificate + task  | " + " | ".join(f"{s:^21}" for s in systems)]
        lines.append(
            "                    | " + " | ".join(" R@5 verdict+item harm" for _ in systems)
        )
        cells = [
            f"{_f(p['recall5'])}  {_f(p['verdict_and_item'])}  {p['harmful']:>3} " for p in both
        ]
        lines.append(f"cert_task       {both[0]['n']:>3} | " + " | ".join(cells))
    return lines


def ablation_table(results: dict[str, dict]) -> str:
    lines = ["configuration          cert R@5  answer  task share@10  task named  cert+task  harm"]
    for label, r in results.items():
        task = r["by_category"].get("task") or {}
        both = r["by_category"].get("cert_task") or {}
        lines.append(
            f"{label:<22} {_f(r['overall']['recall5'])}    {_f(r['overall']['answer'])}"
            f"       {_f(task.get('share10'))}       {_f(task.get('answer'))}"
            f"      {_f(both.get('verdict_and_item'))}   {r['harmful']:>3}"
        )
    return "\n".join(lines)


def failures(results: dict, limit: int = 80) -> str:
    lines = []
    for q, status, top in results["service"]["failures"][:limit]:
        lines.append(
            f"  [{q.category}] {q.query} → {status} (want {q.status}); "
            f"top: {'、'.join(top)}; want: {'|'.join(n for n, _ in q.expected)}"
        )
    return "\n".join(lines)
