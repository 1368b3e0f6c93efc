"""The results table: goal, measured, pass/fail, printed and written to bench-results/latest.md."""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "bench-results"


class Report:
    def __init__(self, command: str) -> None:
        self.command = command
        self.goals: list[tuple[str, str, str, str]] = []
        self.figures: list[tuple[str, str]] = []

    def goal(self, what: str, goal: str, measured: str, ok: bool | None) -> None:
        verdict = "—" if ok is None else ("PASS" if ok else "FAIL")
        self.goals.append((what, goal, measured, verdict))

    def figure(self, what: str, value: str) -> None:
        self.figures.append((what, value))

    def markdown(self) -> str:
        lines = [
            f"# Benchmark results ({dt.datetime.now().isoformat(timespec='seconds')})",
            "",
            f"Command: `{self.command}` on {platform.node()} "
            f"({platform.python_implementation()} {platform.python_version()}).",
            "",
            "| goal | target | measured | result |",
            "|---|---|---|---|",
        ]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.goals]
        lines += ["", "| figure | value |", "|---|---|"]
        lines += [f"| {a} | {b} |" for a, b in self.figures]
        return "\n".join(lines) + "\n"

    def write(self) -> Path:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / "latest.md"
        path.write_text(self.markdown(), encoding="utf-8")
        return path


def ms(stats: dict) -> str:
    return f"p50 {stats['p50']:.1f} / p95 {stats['p95']:.1f} / p99 {stats['p99']:.1f} ms"
