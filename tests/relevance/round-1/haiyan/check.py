# -*- coding: utf-8 -*-
"""Mechanical checks of the Haiyan blind set: run with /tmp/blindenv/bin/python check.py"""
import csv, re, sys, collections, os
import openpyxl, zhconv

os.chdir(os.path.dirname(os.path.abspath(__file__)))
COLS = ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据", "取消后办理方式/替代方式", "备注"]
WANT = {"task": 35, "cert_task": 35, "exact": 8, "partial": 8, "colloquial": 10, "matter": 8,
        "pinyin": 8, "traditional": 8, "typo": 10, "not_listed": 10}
METHODS = ("直接取消", "告知承诺", "部门核验", "内部核查", "数据共享", "网络核验", "以现有证照替代")
errors = []
def err(msg): errors.append(msg)

def load_tsv(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows[0] != COLS:
        err(f"{path}: header {rows[0]}")
    return rows[1:]

A = load_tsv("abolished.tsv"); R = load_tsv("retained.tsv")
ITEMS = [("abolished", r) for r in A] + [("retained", r) for r in R]
NAMES = {r[1] for _, r in ITEMS}
base = lambda m: re.sub(r"（[^（）]*）$", "", m)
TASKS = {base(r[2]) for _, r in ITEMS}

# ---- the lists themselves
for lst, r in ITEMS:
    if len(r) != 8: err(f"{lst} row {r[0]}: {len(r)} columns")
    if not r[1].strip(): err(f"{lst} row {r[0]}: no certificate name")
    if r[1] != r[1].strip() or r[2] != r[2].strip(): err(f"{lst} row {r[0]}: stray space in TSV")
for r in A:
    if not r[6].startswith(METHODS): err(f"abolished row {r[0]}: method {r[6][:12]}")
for lst, rows in (("abolished", A), ("retained", R)):
    if [int(r[0]) for r in rows] != list(range(1, len(rows) + 1)): err(f"{lst}: 序号 not 1..n")
dup = [k for k, v in collections.Counter((r[1], r[2]) for _, r in ITEMS).items() if v > 1]
if dup: err(f"duplicate (name, matter): {dup}")
both = sorted({r[1] for r in A} & {r[1] for r in R})
tc = collections.Counter(base(r[2]) for _, r in ITEMS)
big = sorted(t for t, v in tc.items() if v >= 3)

# ---- xlsx read back
def read_xlsx(path, kind):
    ws = openpyxl.load_workbook(path).active
    out, trailing_empty = [], 0
    hdr = None
    for i, row in enumerate(ws.iter_rows(values_only=True), 1):
        if hdr is None:
            if row[0] == "序号": hdr = i
            continue
        if isinstance(row[0], (int, float)) and not isinstance(row[0], bool):
            if not isinstance(row[0], int): err(f"{path} row {i}: 序号 not int")
            vals = ["" if v is None else str(v).strip() for v in row]
            if kind == "retained":
                vals = vals[:6] + [""] + vals[6:7]
            out.append([str(row[0])] + vals[1:8])
        elif all(v is None for v in row):
            trailing_empty += 1
        elif row[0] is None and i == hdr + 1 and kind == "abolished":
            if row[3] != "索要单位" or row[4] != "开具单位": err(f"{path}: second header row {row}")
        else:
            err(f"{path} row {i}: unexpected {row}")
    merged = {str(m) for m in ws.merged_cells.ranges}
    return out, trailing_empty, merged, ws

for path, kind, rows in (("abolished.xlsx", "abolished", A), ("retained.xlsx", "retained", R)):
    got, te, merged, ws = read_xlsx(path, kind)
    if got != rows:
        for g, t in zip(got, rows):
            if g != t: err(f"{path} differs from TSV: {g} vs {t}"); break
        if len(got) != len(rows): err(f"{path}: {len(got)} rows vs TSV {len(rows)}")
    if te < 1: err(f"{path}: no empty trailing row")
    need = {"A1:H1", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4"} if kind == "abolished" else {"A1:G1"}
    if not need <= merged: err(f"{path}: merged cells {sorted(merged)}")
    print(f"{path}: {len(got)} data rows read back, {te} empty trailing row(s), merged {len(merged)} ranges -> {'OK' if got == rows else 'MISMATCH'}")

# ---- questions
with open("questions.tsv", encoding="utf-8") as f:
    Q = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

def select(expected):
    sel = []
    for e in expected.split("|"):
        name, sep, kw = e.partition("#")
        if name not in NAMES: err(f"name not in lists: {name!r}")
        hit = [(lst, r) for lst, r in ITEMS if r[1] == name and (not sep or kw in r[2])]
        if sep and not hit: err(f"keyword selects nothing: {e}")
        sel += hit
    return sel

def bigrams(s):
    s = re.sub(r"[^\u4e00-\u9fff]", " ", s)
    return {s[i:i + 2] for i in range(len(s) - 1) if " " not in s[i:i + 2]}
NAME_BIGRAMS = set().union(*(bigrams(n) for n in NAMES))

cnt = collections.Counter(q["category"] for q in Q)
for c, n in WANT.items():
    if cnt[c] != n: err(f"category {c}: {cnt[c]} questions, want {n}")
if set(cnt) - set(WANT): err(f"unknown categories {set(cnt) - set(WANT)}")
qs = [q["query"] for q in Q]
if len(set(qs)) != len(qs): err("duplicate queries")

for q in Q:
    c, text, e, st = q["category"], q["query"], q["expected"], q["status"]
    if c == "not_listed":
        if e or st != "not_listed": err(f"not_listed row: {text}")
        shared = bigrams(text) & NAME_BIGRAMS
        if shared: err(f"not_listed query shares {shared}: {text}")
        continue
    if c == "task":
        if st != "task": err(f"task status: {text}")
        for t in e.split("|"):
            if t not in TASKS: err(f"task not a 办理事项 base text: {t!r}")
        continue
    if ("#" in e) != (c in ("matter", "cert_task")):
        err(f"{c} expected format: {e}")
    if c in ("matter", "cert_task") and not all("#" in x for x in e.split("|")):
        err(f"{c} entry without #关键词: {e}")
    sel = select(e)
    lists = {lst for lst, _ in sel}
    rule_a = lists.pop() if len(lists) == 1 else "mixed" if lists else "?"
    if st != rule_a: err(f"status {st} != rule A {rule_a}: {text}")
    if c == "exact" and not any(n in text for n in e.split("|")): err(f"exact query lacks name: {text}")
    if c == "traditional" and zhconv.convert(text, "zh-cn") == text: err(f"not traditional: {text}")
for q in Q:
    if q["category"] not in ("exact",):
        hit = [n for n in NAMES if n in q["query"]]
        if hit: err(f"non-exact query copies a name verbatim {hit}: {q['query']}")

print(f"abolished {len(A)} items, retained {len(R)} items, {len(NAMES)} distinct names")
print(f"names on both lists: {len(both)}: {'、'.join(both)}")
print(f"tasks: {len(TASKS)}; tasks with 3+ items: {len(big)}")
print("questions per category: " + ", ".join(f"{c} {cnt[c]}" for c in WANT) + f"; total {len(Q)}")
st = collections.Counter((q["category"], q["status"]) for q in Q)
print("status per category: " + "; ".join(f"{c}: " + ",".join(f"{s} {n}" for (cc, s), n in sorted(st.items()) if cc == c) for c in WANT))
if errors:
    print(f"FAILED: {len(errors)} problem(s)")
    for e in errors: print("  - " + e)
    sys.exit(1)
print("ALL CHECKS PASSED")
