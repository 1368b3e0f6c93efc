"""Servers (the real app and the floor app under gunicorn.conf.py), wrk runs and memory."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("zipf.lua")
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(app_uri: str, home: Path, workers: int = 2, log: Path | None = None):
    """gunicorn with the project's config on a free port; yields (base url, master pid)."""
    port = free_port()
    env = dict(
        os.environ,
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        LOOKUP_HOME=str(home),
        GUNICORN_LOGLEVEL="warning",
        LOOKUP_INSECURE_COOKIES="1",
    )
    env.pop("DATABASE_URL", None)
    with open(log or os.devnull, "ab") as out:
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", app_uri],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, proc)
            yield base, proc.pid
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become ready")


def warm(base: str, queries: list[str], rounds: int = 4) -> None:
    """Each worker opens its searchers on first use: send a few requests before measuring."""
    for q in queries[: rounds * 2]:
        with urllib.request.urlopen(f"{base}/api/v1/search?q={quote(q)}", timeout=60) as r:
            r.read()


def write_questions(path: Path, queries: list[str]) -> Path:
    path.write_text("\n".join(quote(q) for q in queries) + "\n", encoding="utf-8")
    return path


_offset = 0
_FIELD = re.compile(r"(\w+)=([\d.]+)")


def wrk(
    base: str,
    questions: Path,
    *,
    seconds: float,
    connections: int = 16,
    threads: int = 2,
    mode: str = "zipf",
) -> dict:
    """One wrk run; returns rps, p50/p95/p99 (ms) and error counts from the Lua summary.

    In "distinct" mode every run starts where the previous one may have ended, so that no
    question is asked twice in a bench (nothing answered from a cache).
    """
    global _offset
    env = dict(os.environ, BENCH_QUESTIONS=str(questions), BENCH_MODE=mode)
    env.update(BENCH_OFFSET=str(_offset), BENCH_THREADS=str(threads))
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base + "/api/v1/search",
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH "))
    stats = {k: float(v) for k, v in _FIELD.findall(line)}
    stats["failed"] = sum(stats[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    if mode == "distinct":  # threads take turns: R requests use about R questions
        _offset += 2 * int(stats["requests"]) + 100
    return stats


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def pss_mb(master: int) -> tuple[float, int]:
    """Summed PSS of the gunicorn master and its workers (MB), and the number of processes."""
    pids = [master, *children(master)]
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024, len(pids)
