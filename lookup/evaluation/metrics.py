"""Per-question measures and their summaries.

Certificate questions: recall@5, MRR and answer accuracy (the status). Task questions: the
share of the task's listed items in the top 10 and whether the answer names the task (its
checklist is, by at least half, that task's items). Certificate-for-a-task questions: the
verdict and the keyed item both right. Every question: a harmful answer is one that says "not
needed" or "not listed" where the truth is that the certificate is (or may be) still required.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from lookup.evaluation.questions import Question, is_hit, keyed_items, task_items

Searcher = Callable[[str], dict]  # query -> {"answer": {"status", "item_ids"}, "results": [...]}
CERTIFICATE_CATEGORIES = (
    "exact",
    "partial",
    "colloquial",
    "matter",
    "pinyin",
    "traditional",
    "typo",
    "not_listed",
)
SAYS_NOT_NEEDED = ("abolished", "not_listed")


def measure_one(q: Question, result: dict, items: list[dict], by_task: dict) -> dict:
    """The row of one question: which measures apply depends on its category."""
    top = result["results"][:10]
    answer = result["answer"]
    status = answer["status"]
    ranks = [i for i, r in enumerate(top, 1) if is_hit(r, q)]
    rank = ranks[0] if ranks else None
    row = {"status": status, "hit5": None, "rr": None, "share10": None, "item_ok": None}
    if q.category == "task":
        wanted = [by_task.get(name, set()) for name, _ in q.expected]
        shown = {r["id"] for r in top}
        row["share10"] = max((len(shown & w) / min(len(w), 10) for w in wanted if w), default=0)
        # The answer's checklist, or one of the tasks it names (a life event lists several).
        given = [set(answer.get("item_ids") or ())]
        given += [set(t.get("item_ids") or ()) for t in answer.get("tasks") or ()]
        named = any(w and len(g & w) / len(g | w) >= 0.5 for w in wanted for g in given)
        row["status_ok"] = status == "task" and named
        retained = any(i["list"] == "retained" and i["id"] in set().union(*wanted) for i in items)
        row["harmful"] = retained and status in SAYS_NOT_NEEDED
        return row
    if q.expected:
        row["hit5"] = bool(rank and rank <= 5)
        row["rr"] = 1.0 / rank if rank else 0.0
    row["status_ok"] = status == q.status
    if q.category == "cert_task":
        row["item_ok"] = bool(set(answer.get("item_ids") or ()) & keyed_items(q, items))
    row["harmful"] = q.status in ("retained", "mixed") and status in SAYS_NOT_NEEDED
    return row


def evaluate(questions: list[Question], run: Searcher, items: list[dict]) -> dict:
    """Every question asked once: per-category summaries, the overall certificate figure,
    the task and certificate-for-a-task figures, harmful answers and the failures."""
    by_task = task_items(items)
    rows: dict[str, list[dict]] = defaultdict(list)
    failures = []
    for q in questions:
        result = run(q.query)
        row = measure_one(q, result, items, by_task)
        rows[q.category].append(row)
        missed = row["hit5"] is False or (row["share10"] is not None and row["share10"] < 1)
        if missed or not row["status_ok"] or row["item_ok"] is False:
            failures.append((q, row["status"], [r["name"] for r in result["results"][:3]]))
    certificate = [r for c in CERTIFICATE_CATEGORIES for r in rows.get(c, [])]
    return {
        "by_category": {c: summarise(r) for c, r in rows.items()},
        "overall": summarise(certificate),
        "harmful": sum(r["harmful"] for rs in rows.values() for r in rs),
        "failures": failures,
    }


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def summarise(rows: list[dict]) -> dict:
    return {
        "n": len(rows),
        "recall5": _mean(r["hit5"] for r in rows),
        "mrr": _mean(r["rr"] for r in rows),
        "answer": _mean(r["status_ok"] for r in rows),
        "share10": _mean(r["share10"] for r in rows),
        "verdict_and_item": _mean(
            (r["status_ok"] and r["item_ok"]) if r["item_ok"] is not None else None for r in rows
        ),
        "harmful": sum(r["harmful"] for r in rows),
    }


def single_list_accuracy(questions: list[Question], run: Searcher) -> float:
    """Answer accuracy on certificate questions about a certificate on only one list."""
    picked = [
        q
        for q in questions
        if q.status in ("abolished", "retained") and q.category in CERTIFICATE_CATEGORIES
    ]
    ok = sum(run(q.query)["answer"]["status"] == q.status for q in picked)
    return ok / len(picked) if picked else 0.0
