"""`scripts/bench`: the whole benchmark in one command (see README for the goals)."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import http, inproc, province
from . import profile as profiling
from .report import RESULTS, Report, ms

ROOT = Path(__file__).resolve().parent.parent


DISTINCT = 100_000  # residents' questions for the "every question distinct" runs


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def items_of(home: Path) -> list[dict]:
    app = inproc.make_app(home)
    with app.app_context():
        from lookup.lists import store

        return store.items_of()


def city(args, tmp: Path, report: Report) -> dict:
    home = tmp / "city"
    say("city: initialising a store from data/")
    inproc.init_home(home)
    items = items_of(home)
    mix = inproc.query_mix(items, province.places())
    lat = inproc.search_latency(inproc.make_app(home), mix)
    report.figure("city in-process search, uncached", ms(lat["uncached"]))
    report.figure("city in-process search, cached", ms(lat["cached"]))
    zipf = http.write_questions(tmp / "mix.txt", mix)
    distinct = http.write_questions(
        tmp / "city-distinct.txt",
        inproc.distinct_queries(items, province.places(), DISTINCT),
    )
    log = tmp / "gunicorn.log"
    say(f"city: floor app, wrk {args.seconds}s at 16 connections")
    with http.server("benchmarks.floor_app:app", home, log=log) as (base, _pid):
        http.warm(base, ["x"])
        floor = http.wrk(base, zipf, seconds=args.seconds)
    say("city: the service, same settings")
    with http.server("wsgi:app", home, log=log) as (base, pid):
        http.warm(base, mix)
        # Steady state: each worker has met the popular questions once before the measurement.
        http.wrk(base, zipf, seconds=args.seconds)
        real = http.wrk(base, zipf, seconds=args.seconds)
        http.wrk(base, distinct, seconds=3, connections=2, mode="distinct")  # first-use costs
        uncached_rps = http.wrk(base, distinct, seconds=args.seconds, mode="distinct")
        single = http.wrk(base, distinct, seconds=args.seconds, connections=2, mode="distinct")
        pss, procs = http.pss_mb(pid)
    ratio = real["rps"] / floor["rps"]
    report.goal(
        "city /api/v1/search, Zipf mix (after a warm-up run), 2 workers, vs floor",
        "≥ 0.5×",
        f"{real['rps']:.0f} / {floor['rps']:.0f} req/s = {ratio:.2f}×",
        ratio >= 0.5,
    )
    report.goal(
        "city p99 at 16 connections", "≤ 50 ms", f"{real['p99_ms']:.1f} ms", real["p99_ms"] <= 50
    )
    report.goal(
        f"server PSS (master + {procs - 1} workers)", "≤ 300 MB", f"{pss:.0f} MB", pss <= 300
    )
    report.figure(
        "city HTTP, every query distinct (uncached), 16 connections",
        f"{uncached_rps['rps']:.0f} req/s = {uncached_rps['rps'] / floor['rps']:.2f}× floor, "
        f"p50 {uncached_rps['p50_ms']:.1f} / p99 {uncached_rps['p99_ms']:.1f} ms",
    )
    report.figure(
        "city HTTP uncached, 2 connections",
        f"p50 {single['p50_ms']:.1f} / p95 {single['p95_ms']:.1f} / p99 {single['p99_ms']:.1f} ms",
    )
    report.figure(
        "floor app, 16 connections", f"{floor['rps']:.0f} req/s, p99 {floor['p99_ms']:.1f} ms"
    )
    failed = real["failed"] + uncached_rps["failed"] + single["failed"]
    report.figure("failed requests in the city runs", f"{failed:.0f}")
    return {"single": single, "mix": mix}


def province_part(args, tmp: Path, report: Report, city_figures: dict) -> None:
    files = _province_files(args)
    home = tmp / "province"
    inproc.init_home(home)
    app = inproc.make_app(home)
    steps = []
    for list_kind in ("abolished", "retained"):
        say(f"province: import --publish {files[list_kind].name}")
        steps.append(inproc.import_and_publish(app, files[list_kind], list_kind, say=_quiet))
    for s in steps:
        report.figure(
            f"province publish of {s['list']} ({s['items']} items live)",
            f"read {s['read']:.1f} s, plan {s['plan']:.1f} s, store {s['store']:.1f} s, "
            f"index {s['index']:.1f} s, swap (engine load) {s['swap']:.1f} s; "
            f"publish CPU {s['cpu']:.1f} s of {s['publish']:.1f} s wall",
        )
    worst = max(s["total"] for s in steps)
    report.goal(
        f"province publish (import, index, swap), {steps[-1]['items']} items",
        "≤ 60 s",
        " / ".join(f"{s['list']} {s['total']:.1f} s" for s in steps),
        worst <= 60,
    )
    mix = city_figures["mix"]
    lat = inproc.search_latency(app, mix)
    report.figure("province in-process search, uncached", ms(lat["uncached"]))
    report.figure("province in-process search, cached", ms(lat["cached"]))
    distinct = http.write_questions(
        tmp / "province-distinct.txt",
        inproc.distinct_queries(items_of(home), province.places(), DISTINCT, seed=18),
    )
    zipf = http.write_questions(tmp / "mix.txt", mix)
    with http.server("wsgi:app", home, log=tmp / "gunicorn.log") as (base, pid):
        http.warm(base, mix)
        http.wrk(base, distinct, seconds=3, connections=2, mode="distinct")  # first-use costs
        single = http.wrk(base, distinct, seconds=args.seconds, connections=2, mode="distinct")
        loaded = http.wrk(base, zipf, seconds=args.seconds)
        pss, _procs = http.pss_mb(pid)
        failed, versions = publishes_under_load(base, home, files["retained"], zipf, args)
    report.goal(
        "province uncached search over HTTP (2 connections)",
        "p50 ≤ 10 ms, p95 ≤ 40 ms",
        f"p50 {single['p50_ms']:.1f} ms, p95 {single['p95_ms']:.1f} ms",
        single["p50_ms"] <= 10 and single["p95_ms"] <= 40,
    )
    growth = single["p50_ms"] / city_figures["single"]["p50_ms"]
    report.goal("uncached p50 growth, city → province", "≤ 3×", f"{growth:.2f}×", growth <= 3)
    report.goal(
        "failed requests while 2 publishes run under load",
        "0",
        f"{failed:.0f} (versions {versions})",
        failed == 0,
    )
    report.figure(
        "province HTTP, Zipf mix, 16 connections",
        f"{loaded['rps']:.0f} req/s, p99 {loaded['p99_ms']:.1f} ms; server PSS {pss:.0f} MB",
    )


def _quiet(message: str) -> None:
    if not message.startswith("已读取"):
        say("  " + message)


def _with_one_more_row(path: Path) -> Path:
    """A copy of a list workbook with one more row (the last one's cells, a new name)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    last = [cell.value for cell in sheet[sheet.max_row]]
    sheet.append([last[0], "压测专用新增证明", *last[2:]])
    target = path.with_name(f"{path.stem}-plus-one.xlsx")
    book.save(target)
    return target


def publishes_under_load(base: str, home: Path, path: Path, zipf: Path, args) -> tuple[float, str]:
    """wrk on the Zipf mix while `lookup import … --publish` runs twice; failed requests."""
    env = dict(os.environ, LOOKUP_HOME=str(home), BENCH_QUESTIONS=str(zipf), BENCH_MODE="zipf")
    env.pop("DATABASE_URL", None)
    cmd = ["wrk", "-t2", "-c16", "-d900s", "--timeout", "10s", "-s", str(http.LUA)]
    load = subprocess.Popen(
        [*cmd, base + "/api/v1/search"], env=env, stdout=subprocess.PIPE, text=True
    )
    before = _version(base)
    lookup = str(Path(sys.executable).with_name("lookup"))
    # A publish that changes nothing is refused: one row more, then the list as it was.
    for round_, source in ((1, _with_one_more_row(path)), (2, path)):
        say(f"publish under load {round_}/2")
        subprocess.run(
            [lookup, "import", str(source), "--list", "retained", "--publish", "--note", "bench"],
            env=env,
            check=True,
            capture_output=True,
        )
    deadline = time.monotonic() + 120
    while _version(base) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)
    after = _version(base)
    load.send_signal(signal.SIGINT)
    out, _ = load.communicate(timeout=60)
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH "))
    stats = {k: float(v) for k, v in http._FIELD.findall(line)}
    failed = sum(stats[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    return (
        failed,
        f"{before}→{after}, {stats['requests']:.0f} requests, p99 {stats['p99_ms']:.0f} ms",
    )


def _version(base: str) -> int:
    with urllib.request.urlopen(base + "/healthz", timeout=10) as resp:
        return int(json.load(resp)["version"])


def _province_files(args) -> dict[str, Path]:
    """The generated province lists (25 counties with --quick, else 250), made once and kept."""
    n = 25 if args.quick else 250
    cache = RESULTS / f"province-{n}"
    files = {k: cache / f"province-{k}.xlsx" for k in ("abolished", "retained")}
    if not all(p.exists() for p in files.values()):
        say(f"province: generating lists for {n} counties into {cache}")
        province.generate(ROOT / "data", cache, n)
    return files


def _province_home(args, tmp: Path) -> Path:
    files = _province_files(args)
    home = tmp / "province"
    inproc.init_home(home)
    app = inproc.make_app(home)
    for list_kind in ("abolished", "retained"):
        say(f"province: import --publish {files[list_kind].name}")
        inproc.import_and_publish(app, files[list_kind], list_kind, say=_quiet)
    return home


def profile_main(args) -> int:
    """Uncached residents' questions in-process: latency per kind, then the cProfile tops."""
    with tempfile.TemporaryDirectory(prefix="lookup-profile-") as tmp:
        homes = [("city", Path(tmp) / "city")]
        inproc.init_home(homes[0][1])
        if not args.no_province:
            homes.append(("province", _province_home(args, Path(tmp))))
        for label, home in homes:
            app = inproc.make_app(home)
            qs = profiling.questions_for(app, args.questions, province.places())
            say(f"{label}: {len(qs)} distinct residents' questions, nothing cached")
            print(profiling.table(label, profiling.latency(app, qs)), flush=True)
            print(profiling.profile(app, qs), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="25 counties, 5 s runs (smoke run)")
    parser.add_argument("--no-province", action="store_true", help="city lists only")
    parser.add_argument("--seconds", type=float, default=None, help="length of each wrk run")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile uncached residents' questions in-process"
    )
    parser.add_argument("--questions", type=int, default=700, help="questions per profile run")
    args = parser.parse_args(argv)
    if args.profile:
        return profile_main(args)
    args.seconds = args.seconds or (5 if args.quick else 15)
    report = Report("scripts/bench " + shlex.join(argv if argv is not None else sys.argv[1:]))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    report.figure("load average (1/5/15 min) at start, 2 cores", load)
    with tempfile.TemporaryDirectory(prefix="lookup-bench-") as tmp:
        figures = city(args, Path(tmp), report)
        if not args.no_province:
            province_part(args, Path(tmp), report, figures)
    text = report.markdown()
    print(text)
    say(f"written to {report.write()}")
    return 0 if all(g[3] != "FAIL" for g in report.goals) else 1


if __name__ == "__main__":
    sys.exit(main())
