"""Relevance sets: `category, query, expected, status` rows (tests/relevance/README.md).

Categories `exact … not_listed` ask about certificates; `expected` names them (`名称#关键词`
picks the items of that name whose 办理事项 holds the keyword). `task` asks about a task:
`expected` are task names, the 办理事项 text without its trailing bracketed qualifier.
`cert_task` names a certificate for a task, with `名称#关键词` entries. The ground truth is
computed here from the published items, independently of the search code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "tests" / "relevance" / "pinghu.tsv"
_QUALIFIER = re.compile(r"[（(][^（）()]*[）)]$")


@dataclass(frozen=True)
class Question:
    category: str
    query: str
    expected: tuple[tuple[str, str], ...]  # (name, matter keyword or "") or (task name, "")
    status: str


def load(path: str | Path = DEFAULT) -> list[Question]:
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            expected = []
            for part in (row["expected"] or "").split("|"):
                part = part.strip()
                if part:
                    name, _, matter = part.partition("#")
                    expected.append((name.strip(), matter.strip()))
            out.append(Question(row["category"], row["query"], tuple(expected), row["status"]))
    return out


def task_of(matter: str) -> str:
    """The task an item belongs to, by the sets' rule: its 办理事项 without the qualifier."""
    return _QUALIFIER.sub("", (matter or "").strip())


def is_hit(result: dict, question: Question) -> bool:
    """A result answers the question when its name is expected (and its matter, if given);
    for a task question, when it belongs to an expected task."""
    if question.category == "task":
        return task_of(result.get("matter", "")) in {name for name, _ in question.expected}
    for name, matter in question.expected:
        if result["name"] == name and (not matter or matter in result.get("matter", "")):
            return True
    return False


def keyed_items(question: Question, items: list[dict]) -> set[str]:
    """Ids of the items a certificate question is about (its `expected` entries)."""
    return {i["id"] for i in items if is_hit(i, question)}


def task_items(items: list[dict]) -> dict[str, set[str]]:
    """Item ids per task name."""
    out: dict[str, set[str]] = {}
    for item in items:
        out.setdefault(task_of(item["matter"]), set()).add(item["id"])
    return out
