# Mechanical check of questions.tsv against abolished/retained lists (TSV and XLSX).
import csv, re, sys, collections
from openpyxl import load_workbook
from pypinyin import lazy_pinyin, Style
import zhconv

ERR = []; INFO = []
def err(m): ERR.append(m)

def load(k):
    return list(csv.DictReader(open(f"{k}.tsv", encoding="utf-8"), delimiter="\t"))
A, R = load("abolished"), load("retained")
COLS = ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据", "取消后办理方式/替代方式", "备注"]
for k, rows in (("abolished", A), ("retained", R)):
    if list(rows[0].keys()) != COLS: err(f"{k}.tsv columns wrong")
    ws = load_workbook(f"{k}.xlsx").active
    xr = [[("" if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)]
    hi = next(i for i, r in enumerate(xr) if r[:2] == ["序号", "证明名称"])
    body = [r for r in xr[hi + 1:] if any(r)]
    if [r[:8] for r in body] != [[x[c] for c in COLS] for x in rows]:
        err(f"{k}.xlsx differs from {k}.tsv")
ITEMS = [("abolished", x) for x in A] + [("retained", x) for x in R]
NAMES = {x["证明名称"] for _, x in ITEMS}
def task_of(m): return re.sub(r"（[^（）]*）$", "", m)
TASKS = {task_of(x["办理事项"]) for _, x in ITEMS}
an, rn = {x["证明名称"] for x in A}, {x["证明名称"] for x in R}
tc = collections.Counter(task_of(x["办理事项"]) for _, x in ITEMS)
print(f"lists: abolished={len(A)} retained={len(R)} names_on_both={len(an & rn)} "
      f"tasks={len(TASKS)} tasks_with_3plus_items={sum(1 for v in tc.values() if v >= 3)} "
      f"bracketed_variants_in_those={sum(1 for _, x in ITEMS if tc[task_of(x['办理事项'])] >= 3 and x['办理事项'] != task_of(x['办理事项']))}")

TARGET = dict(task=40, cert_task=40, exact=6, partial=8, colloquial=10, matter=8,
              pinyin=8, traditional=8, typo=10, not_listed=10)
rows = list(csv.reader(open("questions.tsv", encoding="utf-8"), delimiter="\t"))
if rows[0] != ["category", "query", "expected", "status"]: err("questions header wrong")
Q = rows[1:]
for i, r in enumerate(Q, 2):
    if len(r) != 4: err(f"line {i}: {len(r)} fields")
cnt = collections.Counter(r[0] for r in Q)
for c, n in TARGET.items():
    if cnt[c] != n: err(f"count {c}: {cnt[c]} != {n}")
for c in cnt:
    if c not in TARGET: err(f"unknown category {c}")
dup = [q for q, n in collections.Counter(r[1] for r in Q).items() if n > 1]
if dup: err(f"duplicate queries: {dup}")

def select(exp):
    sel = []
    for ent in exp.split("|"):
        name, _, kw = ent.partition("#")
        if name not in NAMES: err(f"name not in lists: {name!r}"); continue
        s = [(k, x) for k, x in ITEMS if x["证明名称"] == name and (not kw or kw in x["办理事项"])]
        if not s: err(f"keyword selects nothing: {ent!r}")
        sel += s
    return sel

def ruleA(sel):
    ks = {k for k, _ in sel}
    return ks.pop() if len(ks) == 1 else "mixed"

def py_forms(name):
    full = "".join(lazy_pinyin(name)); ini = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return {full, ini}

verbatim = collections.Counter()
status_count = collections.Counter()
for cat, q, exp, st in Q:
    status_count[(cat, st)] += 1
    if cat == "not_listed":
        if exp or st != "not_listed": err(f"not_listed row wrong: {q}")
        grams = {q[i:i + 2] for i in range(len(q) - 1)}
        hit = [g for g in grams if re.fullmatch(r"[\u4e00-\u9fff]{2}", g) and g != "证明" and any(g in n for n in NAMES)]
        if hit: err(f"not_listed shares word {hit} with a listed name: {q}")
        continue
    if cat == "task":
        if st != "task": err(f"task status wrong: {q}")
        for t in exp.split("|"):
            if t not in TASKS: err(f"task not in lists: {t!r} ({q})")
        continue
    if cat in ("matter", "cert_task"):
        if any("#" not in e for e in exp.split("|")): err(f"{cat} entry without #关键词: {q}")
    elif "#" in exp:
        err(f"{cat} should not use #: {q}")
    sel = select(exp)
    if sel and ruleA(sel) != st: err(f"status {st} != rule A {ruleA(sel)}: {q}")
    names = exp.split("|")
    if cat != "exact" and any(n in q for n in NAMES):
        verbatim[cat] += 1
        if cat in ("partial", "colloquial", "pinyin", "typo"):
            err(f"{cat} query contains a listed name verbatim: {q}")
    if cat == "exact" and q not in NAMES: err(f"exact query not a name: {q}")
    if cat == "partial":
        if q in NAMES: err(f"partial is a whole name: {q}")
        if not all(q in n for n in names): err(f"partial not part of every expected name: {q}")
        missing = [n for n in NAMES if q in n and n not in names]
        if missing: err(f"partial {q} also matches unlisted-in-expected names {missing}")
    if cat == "pinyin":
        qq = q.replace(" ", "").lower()
        matches = sorted(n for n in NAMES if qq in py_forms(n))
        if sorted(names) != matches: err(f"pinyin {q}: matches {matches}, expected {names}")
    if cat == "traditional":
        simp = zhconv.convert(q, "zh-cn")
        if simp == q: err(f"traditional query has no traditional characters: {q}")
        if not any(n in simp or (len(n) > 8 and n[:8] in simp) for n in names):
            err(f"traditional {q} -> {simp} does not contain expected")
    if cat == "typo":
        n = names[0]
        diff = sum(a != b for a, b in zip(q, n)) + abs(len(q) - len(n))
        if not (1 <= diff <= 2): err(f"typo {q} vs {n}: {diff} differences")

print("questions:", len(Q), dict(cnt))
print("status by category:", {f"{c}/{s}": n for (c, s), n in sorted(status_count.items())})
both = sum(1 for cat, q, e, s in Q if cat == "cert_task" and any(x.split("#")[0] in (an & rn) for x in e.split("|")))
print(f"cert_task with a name on both lists: {both}/{cnt['cert_task']}")
print("non-exact queries containing a listed name verbatim:", dict(verbatim))
if ERR:
    print("ERRORS:"); [print("  " + e) for e in ERR]; sys.exit(1)
print("OK: all checks passed")
