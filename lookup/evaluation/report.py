"""Run the relevance set against the service and the baselines; print one table."""

from __future__ import annotations

from flask import Flask

from lookup.evaluation.baselines import PlainWhoosh, SqlLike
from lookup.evaluation.metrics import evaluate, single_list_accuracy
from lookup.evaluation.questions import Question, load
from lookup.lists import store
from lookup.lists.db import session_factory
from lookup.office.engines import follower
from lookup.search import service

CATEGORIES = (
    "exact",
    "partial",
    "colloquial",
    "matter",
    "pinyin",
    "traditional",
    "typo",
    "not_listed",
)


def service_runner(app: Flask):
    engine = follower(app).get()
    return lambda q: service.run(engine, q, per_page=10)


def measure(app: Flask, questions: list[Question] | None = None, baselines: bool = True) -> dict:
    questions = questions or load()
    out = {"service": evaluate(questions, service_runner(app))}
    out["service_single_list"] = single_list_accuracy(questions, service_runner(app))
    if baselines:
        with session_factory(app)() as session:
            version = store.current_version(session)
            items = store.items_of(version, session=session)
            plain = PlainWhoosh(items)
            try:
                out["plain_whoosh"] = evaluate(questions, plain)
            finally:
                plain.close()
            out["sql_like"] = evaluate(questions, SqlLike(session, version))
    return out


def _pct(value) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def table(results: dict) -> str:
    systems = [s for s in ("service", "plain_whoosh", "sql_like") if s in results]
    lines = [
        "category      n | " + " | ".join(f"{s:^25}" for s in systems),
        "                | " + " | ".join("  R@5   MRR  answer   " for _ in systems),
    ]
    for category in (*CATEGORIES, "overall"):
        cells = []
        n = 0
        for s in systems:
            part = (
                results[s]["overall"]
                if category == "overall"
                else results[s]["by_category"].get(category)
            )
            if part is None:
                cells.append(" " * 25)
                continue
            n = part["n"]
            cells.append(f"{_pct(part['recall5'])} {_pct(part['mrr'])} {_pct(part['answer'])}    ")
        lines.append(f"{category:<11} {n:>3} | " + " | ".join(cells))
    service = results["service"]
    nl = service["by_category"].get("not_listed", {}).get("answer")
    lines.append("")
    lines.append(
        f"service: recall@5 {service['overall']['recall5']:.3f} (goal 0.90), "
        f"single-list answer accuracy {results['service_single_list']:.3f} (goal 0.90), "
        f"not_listed rate {nl if nl is not None else 0:.3f} (goal 0.75)"
    )
    return "\n".join(lines)


def failures(results: dict, limit: int = 60) -> str:
    lines = []
    for q, status, top in results["service"]["failures"][:limit]:
        lines.append(
            f"  [{q.category}] {q.query} → {status} (want {q.status}); "
            f"top: {'、'.join(top)}; want: {'|'.join(n for n, _ in q.expected)}"
        )
    return "\n".join(lines)
