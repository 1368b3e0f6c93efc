"""The relevance set: `category, query, expected, status` rows (tests/relevance/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "relevance" / "questions.tsv"


@dataclass(frozen=True)
class Question:
    category: str
    query: str
    expected: tuple[tuple[str, str], ...]  # (name, matter keyword or "")
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


def is_hit(result: dict, question: Question) -> bool:
    """A result answers the question when its name is expected (and its matter, if given)."""
    for name, matter in question.expected:
        if result["name"] == name and (not matter or matter in result.get("matter", "")):
            return True
    return False
