"""Per-category recall@5, MRR, answer accuracy and not_listed rate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from lookup.evaluation.questions import Question, is_hit

Searcher = Callable[[str], dict]  # query -> {"answer": {"status"}, "results": [...]}


def evaluate(questions: list[Question], run: Searcher) -> dict:
    rows: dict[str, list[dict]] = defaultdict(list)
    failures = []
    for q in questions:
        result = run(q.query)
        ranks = [i for i, r in enumerate(result["results"][:10], 1) if is_hit(r, q)]
        rank = ranks[0] if ranks else None
        status = result["answer"]["status"]
        row = {
            "hit5": bool(rank and rank <= 5) if q.expected else None,
            "rr": (1.0 / rank if rank else 0.0) if q.expected else None,
            "status_ok": status == q.status,
        }
        rows[q.category].append(row)
        if (q.expected and not row["hit5"]) or not row["status_ok"]:
            failures.append((q, status, [r["name"] for r in result["results"][:3]]))
    return {
        "by_category": {c: summarise(r) for c, r in rows.items()},
        "overall": summarise([r for rs in rows.values() for r in rs]),
        "failures": failures,
    }


def summarise(rows: list[dict]) -> dict:
    ranked = [r for r in rows if r["hit5"] is not None]
    return {
        "n": len(rows),
        "recall5": sum(r["hit5"] for r in ranked) / len(ranked) if ranked else None,
        "mrr": sum(r["rr"] for r in ranked) / len(ranked) if ranked else None,
        "answer": sum(r["status_ok"] for r in rows) / len(rows) if rows else None,
    }


def single_list_accuracy(questions: list[Question], run: Searcher) -> float:
    """Answer accuracy on questions about a certificate that is on only one list."""
    picked = [q for q in questions if q.status in ("abolished", "retained")]
    ok = sum(run(q.query)["answer"]["status"] == q.status for q in picked)
    return ok / len(picked) if picked else 0.0
