# -*- coding: utf-8 -*-
"""Mechanical checks of the 秀洲区 lists and questions.tsv.  Run: /tmp/blindenv/bin/python check.py"""
import collections
import csv
import os
import re
import sys

import openpyxl
import zhconv
from pypinyin import Style, lazy_pinyin

HERE = os.path.dirname(os.path.abspath(__file__))
WANT = {"task": 40, "cert_task": 40, "exact": 6, "partial": 8, "colloquial": 10, "matter": 8,
        "pinyin": 8, "traditional": 8, "typo": 10, "not_listed": 10}
METHODS = ("直接取消", "告知承诺", "部门核验", "内部核查", "数据共享", "网络核验", "以现有证照替代")
HEAD = ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据", "取消后办理方式/替代方式", "备注"]

errors = []


def err(msg):
    errors.append(msg)


def load_tsv(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    if rows[0] != HEAD:
        err(f"{name}: header {rows[0]}")
    return [dict(zip(HEAD, r)) for r in rows[1:]]


def base(matter):
    """办理事项 without a trailing bracketed qualifier (one level of nested brackets allowed)."""
    return re.sub(r"（[^（）]*(?:（[^（）]*）[^（）]*)*）$", "", matter)


abol = load_tsv("abolished.tsv")
ret = load_tsv("retained.tsv")
items = [("A", r) for r in abol] + [("R", r) for r in ret]
names = {r["证明名称"] for _, r in items}
tasks = {base(r["办理事项"]) for _, r in items}

# ---------------------------------------------------------------- lists
for tag, rows in (("abolished", abol), ("retained", ret)):
    for i, r in enumerate(rows, 1):
        if r["序号"] != str(i):
            err(f"{tag}: 序号 {r['序号']} at position {i}")
        for k in ("证明名称", "办理事项", "索要单位", "开具单位", "设定依据"):
            if not r[k].strip():
                err(f"{tag} {i}: empty {k}")
        if tag == "abolished" and not r["取消后办理方式/替代方式"].startswith(METHODS):
            err(f"abolished {i}: 取消后办理方式 does not start with a method: {r['取消后办理方式/替代方式'][:12]}")
        if tag == "retained" and r["取消后办理方式/替代方式"]:
            err(f"retained {i}: has a 取消后办理方式")
keys = collections.Counter((r["证明名称"], r["办理事项"], r["开具单位"]) for _, r in items)
for k, v in keys.items():
    if v > 1:
        err(f"duplicate item {k}")
both = sorted({r["证明名称"] for r in abol} & {r["证明名称"] for r in ret})
task_sizes = collections.Counter(base(r["办理事项"]) for _, r in items)
big_tasks = sorted(t for t, n in task_sizes.items() if n >= 3)
if len(both) < 12:
    err(f"only {len(both)} names on both lists")
if len(big_tasks) < 18:
    err(f"only {len(big_tasks)} tasks with 3+ items")

# ---------------------------------------------------------------- xlsx read-back
LABELS = {"序号": "序号", "证明材料名称": "证明名称", "证明事项": "证明名称", "办理项目": "办理事项", "用途": "办理事项",
          "索要单位": "索要单位", "索取单位": "索要单位", "开具单位": "开具单位", "出具单位": "开具单位",
          "设定及保留依据": "设定依据", "设定依据": "设定依据", "替代方式": "取消后办理方式/替代方式", "备注": "备注"}


def norm(v):
    return "" if v is None else str(v).strip()


def read_xlsx(path):
    ws = openpyxl.load_workbook(path).active
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    stray = sum(1 for row in grid for v in row if isinstance(v, str) and v != v.strip())
    h = next(i for i, row in enumerate(grid) if any(norm(v) == "序号" for v in row))
    top = grid[h]
    sub = grid[h + 1]
    two_level = any(re.sub(r"\s", "", norm(v)) in LABELS and norm(v) != "" for v in sub) and not any(
        isinstance(v, (int, float)) for v in sub)
    cols = {}
    for j in range(len(top)):
        label = re.sub(r"\s", "", norm(sub[j])) if two_level and norm(sub[j]) else re.sub(r"\s", "", norm(top[j]))
        if label in LABELS:
            cols[LABELS[label]] = j
    start = h + (2 if two_level else 1)
    out, empty = [], 0
    for row in grid[start:]:
        if all(norm(v) == "" for v in row):
            empty += 1
            continue
        rec = {k: "" for k in HEAD}
        for k, j in cols.items():
            v = row[j]
            if k == "序号" and not isinstance(v, int):
                err(f"{os.path.basename(path)}: 序号 not stored as a number: {v!r}")
            rec[k] = norm(v)
        out.append(rec)
    merged = [str(m) for m in ws.merged_cells.ranges]
    return out, two_level, stray, empty, merged


xlsx_info = {}
for fname, rows in (("abolished.xlsx", abol), ("retained.xlsx", ret)):
    got, two, stray, empty, merged = read_xlsx(os.path.join(HERE, fname))
    xlsx_info[fname] = (len(got), two, stray, empty, len(merged))
    if len(got) != len(rows):
        err(f"{fname}: {len(got)} data rows, TSV has {len(rows)}")
    for i, (g, t) in enumerate(zip(got, rows), 1):
        for k in HEAD:
            if g[k] != t[k].strip():
                err(f"{fname} row {i} {k}: xlsx {g[k]!r} != tsv {t[k]!r}")
        if not g["证明名称"]:
            err(f"{fname} row {i}: no certificate name")

# ---------------------------------------------------------------- questions
with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as f:
    qrows = list(csv.reader(f, delimiter="\t"))
if qrows[0] != ["category", "query", "expected", "status"]:
    err(f"questions header {qrows[0]}")
qs = qrows[1:]
counts = collections.Counter(q[0] for q in qs)
for c, n in WANT.items():
    if counts.get(c, 0) != n:
        err(f"category {c}: {counts.get(c, 0)} questions, want {n}")
for c in counts:
    if c not in WANT:
        err(f"unknown category {c}")
dupes = [q for q, n in collections.Counter(q[1] for q in qs).items() if n > 1]
if dupes:
    err(f"duplicate queries: {dupes}")

name_bigrams = {n[i:i + 2] for n in names for i in range(len(n) - 1)}


def cjk_bigrams(s):
    return {s[i:i + 2] for i in range(len(s) - 1) if all("\u4e00" <= ch <= "\u9fff" for ch in s[i:i + 2])}


def rule_a(expected):
    sel = set()
    for entry in expected.split("|"):
        name, _, kw = entry.partition("#")
        if name not in names:
            err(f"expected name not in lists: {name!r}")
            continue
        hit = [(t, r) for t, r in items if r["证明名称"] == name and (not kw or kw in r["办理事项"])]
        if not hit:
            err(f"{entry!r} selects no item")
        sel |= {t for t, _ in hit}
    return {frozenset("A"): "abolished", frozenset("R"): "retained", frozenset("AR"): "mixed"}.get(frozenset(sel))


def edit(a, b):
    d = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, d[0] = d[0], i
        for j, cb in enumerate(b, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (ca != cb))
    return d[-1]


def initials(n):
    return "".join(p[0] for p in lazy_pinyin(n, style=Style.NORMAL) if p)


verbatim = []
status_counts = collections.Counter()
for cat, query, exp, st in qs:
    status_counts[(cat, st)] += 1
    if cat == "task":
        if st != "task":
            err(f"task status {st}: {query}")
        for t in exp.split("|"):
            if t not in tasks:
                err(f"task not a 办理事项 base text: {t!r}")
        continue
    if cat == "not_listed":
        if exp or st != "not_listed":
            err(f"not_listed with expected/status: {query}")
        shared = cjk_bigrams(query) & name_bigrams
        if shared:
            err(f"not_listed query {query!r} shares {sorted(shared)} with a listed name")
        continue
    if cat in ("matter", "cert_task"):
        if any("#" not in e for e in exp.split("|")):
            err(f"{cat} entry without #关键词: {exp}")
    want = rule_a(exp)
    if want != st:
        err(f"status {st} should be {want}: {query}")
    exp_names = [e.partition("#")[0] for e in exp.split("|")]
    if cat != "exact":
        for n in names:
            if n in query:
                verbatim.append((cat, query, n))
    if cat == "exact" and query not in names:
        err(f"exact query not a listed name: {query}")
    if cat == "partial" and not all(query in n and query != n for n in exp_names):
        err(f"partial query not a proper part of {exp_names}: {query}")
    if cat == "pinyin":
        q = query.replace(" ", "").lower()
        for n in exp_names:
            if q not in ("".join(lazy_pinyin(n)), initials(n)):
                err(f"pinyin {query!r} does not spell {n}")
        same = sorted(n for n in names if q in ("".join(lazy_pinyin(n)), initials(n)))
        if sorted(exp_names) != same:
            err(f"pinyin {query!r}: names spelled the same way {same}, expected {exp_names}")
    if cat == "traditional":
        simp = zhconv.convert(query, "zh-cn")
        if simp == query:
            err(f"traditional query has no traditional characters: {query}")
        plain = [re.sub(r"（[^（）]*）", "", n) for n in exp_names]
        if not any(n in simp or edit(simp, n) <= 3 for n in exp_names + plain):
            err(f"traditional {query!r} -> {simp!r} does not read as {exp_names}")
    if cat == "typo":
        if query in names:
            err(f"typo query is a correct name: {query}")
        if min(edit(query, n) for n in exp_names) > 2:
            err(f"typo {query!r} is more than 2 edits from {exp_names}")

# ---------------------------------------------------------------- report
print(f"abolished items: {len(abol)}   retained items: {len(ret)}")
print(f"names on both lists ({len(both)}): {'、'.join(both)}")
print(f"tasks with 3+ items ({len(big_tasks)}): {'、'.join(big_tasks)}")
for fname, (n, two, stray, empty, merged) in xlsx_info.items():
    print(f"{fname}: {n} data rows read back, two-level header={two}, merged ranges={merged}, "
          f"cells with stray spaces={stray}, empty trailing rows={empty}")
print("questions per category:", ", ".join(f"{c} {counts.get(c, 0)}" for c in WANT), f"(total {len(qs)})")
for c in WANT:
    parts = [f"{st} {n}" for (cc, st), n in sorted(status_counts.items()) if cc == c]
    print(f"  {c}: {', '.join(parts)}")
print(f"listed names typed verbatim outside `exact`: {len(verbatim)}")
for v in verbatim:
    print("   ", v)
if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nOK: all checks passed")
