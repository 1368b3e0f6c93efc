"""Mechanical checks for the Tongxiang blind set (round 2).

Run:  /tmp/blindenv/bin/python check.py
Exit status 0 when every check passes, 1 otherwise.

Checks:
  lists     - TSV headers, every row has a name, 序号 = 1..n, abolished rows carry a
              取消后办理方式 that starts with an allowed keyword, retained rows do not
  xlsx      - abolished.xlsx / retained.xlsx read back (header layout, merged cells,
              numeric 序号) to the same rows as the TSVs, after trimming stray spaces
  expected  - every expected name exists exactly; every #关键词 selects >= 1 item;
              status follows rule A; task names exist as 办理事项 base texts;
              not_listed rows have empty expected and share no two-character word
              with any listed certificate name
  style     - no query outside `exact` contains a listed certificate name verbatim;
              exact = a name; partial = a part of every expected name; pinyin matches
              the toneless pinyin (full or initials, spaces ignored) of an expected name; traditional
              differs from its simplified form; typo is not a name and is no substring
              of the expected name; no duplicate queries
  counts    - per-category counts as assigned
"""
import collections
import csv
import os
import re
import sys

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据", "取消后办理方式/替代方式", "备注"]
METHODS = ("直接取消", "告知承诺", "部门核验", "内部核查", "数据共享", "网络核验", "以现有证照替代")
WANT = {"task": 40, "cert_task": 40, "exact": 6, "partial": 8, "colloquial": 10, "matter": 8,
        "pinyin": 8, "traditional": 8, "typo": 10, "not_listed": 10}
CJK = re.compile(r"[\u4e00-\u9fff]")

errors = []


def err(msg):
    errors.append(msg)


def read_tsv(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as fh:
        rd = csv.reader(fh, delimiter="\t")
        head = next(rd)
        rows = [r for r in rd]
    return head, rows


def base_task(matter):
    """办理事项 without a trailing bracketed qualifier."""
    return re.sub(r"（[^（）]*）$", "", matter)


# ---------------------------------------------------------------- lists
items = []  # (list, row dict)
for lst in ("abolished", "retained"):
    head, rows = read_tsv(f"{lst}.tsv")
    if head != HEADER:
        err(f"{lst}.tsv header {head}")
    for i, r in enumerate(rows, 1):
        if len(r) != len(HEADER):
            err(f"{lst}.tsv row {i}: {len(r)} columns")
            continue
        d = dict(zip(HEADER, r))
        if d["序号"] != str(i):
            err(f"{lst}.tsv row {i}: 序号 {d['序号']}")
        if not d["证明名称"].strip() or not d["办理事项"].strip():
            err(f"{lst}.tsv row {i}: empty name or matter")
        for k, v in d.items():
            if v != v.strip():
                err(f"{lst}.tsv row {i}: untrimmed {k}")
        m = d["取消后办理方式/替代方式"]
        if lst == "abolished" and not m.startswith(METHODS):
            err(f"abolished.tsv row {i}: method does not start with an allowed keyword: {m}")
        if lst == "retained" and m:
            err(f"retained.tsv row {i}: retained row has a 取消后办理方式")
        items.append((lst, d))

names = {d["证明名称"] for _, d in items}
tasks = {base_task(d["办理事项"]) for _, d in items}
ab_names = {d["证明名称"] for l, d in items if l == "abolished"}
re_names = {d["证明名称"] for l, d in items if l == "retained"}
task_sizes = collections.Counter(base_task(d["办理事项"]) for _, d in items)


# ---------------------------------------------------------------- xlsx
def norm(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def xlsx_rows(path, first_data_row, ncol):
    ws = openpyxl.load_workbook(path).active
    out = []
    for row in ws.iter_rows(min_row=first_data_row, max_col=ncol, values_only=True):
        if all(norm(v) == "" for v in row):
            continue  # empty trailing rows
        if not isinstance(row[0], (int, float)):
            err(f"{os.path.basename(path)}: 序号 not stored as a number: {row[0]!r}")
        out.append([norm(v) for v in row])
    return ws, out


def check_xlsx():
    tsv = {lst: [d for l, d in items if l == lst] for lst in ("abolished", "retained")}
    # abolished: two-level header, data from row 5
    ws, rows = xlsx_rows(os.path.join(HERE, "abolished.xlsx"), 5, 8)
    merged = {str(r) for r in ws.merged_cells.ranges}
    for need in ("A1:H1", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4"):
        if need not in merged:
            err(f"abolished.xlsx: missing merged range {need}")
    if norm(ws["D3"].value) != "实施情况" or norm(ws["D4"].value) != "索取单位" or norm(ws["E4"].value) != "出具单位":
        err("abolished.xlsx: 实施情况 header wrong")
    if not str(ws["A1"].value).startswith("桐乡市取消证明事项清单"):
        err("abolished.xlsx: title")
    if "填报单位" not in str(ws["A2"].value):
        err("abolished.xlsx: preamble")
    want = [[d["序号"], d["证明名称"], d["办理事项"], d["索要单位"], d["开具单位"], d["设定依据"],
             d["取消后办理方式/替代方式"], d["备注"]] for d in tsv["abolished"]]
    if rows != want:
        diff = [(a, b) for a, b in zip(rows, want) if a != b][:3]
        err(f"abolished.xlsx differs from abolished.tsv ({len(rows)} vs {len(want)} rows) {diff}")
    # retained: one-level header, data from row 4
    ws, rows = xlsx_rows(os.path.join(HERE, "retained.xlsx"), 4, 7)
    merged = {str(r) for r in ws.merged_cells.ranges}
    if "A1:G1" not in merged:
        err("retained.xlsx: title not merged")
    hdr = [norm(c.value).replace("\n", "") for c in ws[3]][:7]
    if hdr != ["序号", "证明名称", "证明用途", "索要单位", "开具单位", "依据条文及内容", "备注"]:
        err(f"retained.xlsx header {hdr}")
    want = [[d["序号"], d["证明名称"], d["办理事项"], d["索要单位"], d["开具单位"], d["设定依据"], d["备注"]]
            for d in tsv["retained"]]
    if rows != want:
        diff = [(a, b) for a, b in zip(rows, want) if a != b][:3]
        err(f"retained.xlsx differs from retained.tsv ({len(rows)} vs {len(want)} rows) {diff}")


check_xlsx()


# ---------------------------------------------------------------- questions
def select(expected):
    """Items selected by an expected string; None entries mark bad entries."""
    sel, bad = [], []
    for ent in expected.split("|"):
        name, _, kw = ent.partition("#")
        if name not in names:
            bad.append(f"name not in lists: {name}")
            continue
        hit = [(l, d) for l, d in items if d["证明名称"] == name and (not kw or kw in d["办理事项"])]
        if not hit:
            bad.append(f"#关键词 selects nothing: {ent}")
        sel += hit
    return sel, bad


def rule_a(sel):
    lists = {l for l, _ in sel}
    if lists == {"abolished"}:
        return "abolished"
    if lists == {"retained"}:
        return "retained"
    return "mixed"


def bigrams(s):
    s = "".join(CJK.findall(s))
    return {s[i:i + 2] for i in range(len(s) - 1)}


name_text = "\n".join(sorted(names))


def pinyin_forms(name):
    from pypinyin import lazy_pinyin
    syl = lazy_pinyin(name)
    return {"".join(syl), "".join(x[0] for x in syl)}


def check_questions():
    from zhconv import convert
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8", newline="") as fh:
        rd = csv.reader(fh, delimiter="\t")
        head = next(rd)
        qs = list(rd)
    if head != ["category", "query", "expected", "status"]:
        err(f"questions.tsv header {head}")
    counts = collections.Counter(q[0] for q in qs)
    seen = set()
    for n, q in enumerate(qs, 2):
        if len(q) != 4:
            err(f"questions.tsv line {n}: {len(q)} columns")
            continue
        cat, query, exp, status = q
        where = f"line {n} [{cat}] {query}"
        if query != query.strip() or not query:
            err(f"{where}: empty or untrimmed query")
        if query in seen:
            err(f"{where}: duplicate query")
        seen.add(query)
        if cat not in WANT:
            err(f"{where}: unknown category")
            continue
        if cat != "exact":
            verbatim = [x for x in names if x in query]
            if verbatim:
                err(f"{where}: contains listed name(s) verbatim {verbatim}")
        if cat == "not_listed":
            if exp or status != "not_listed":
                err(f"{where}: not_listed needs empty expected and status not_listed")
            shared = sorted(b for b in bigrams(query) if b in name_text)
            if shared:
                err(f"{where}: shares two-character word(s) with listed names {shared}")
            continue
        if cat == "task":
            if status != "task":
                err(f"{where}: status should be task")
            for t in exp.split("|"):
                if t not in tasks:
                    err(f"{where}: task not a 办理事项 base text: {t}")
            continue
        ents = exp.split("|")
        if cat in ("matter", "cert_task"):
            if not all("#" in e for e in ents):
                err(f"{where}: {cat} entries need 名称#关键词")
        elif any("#" in e for e in ents):
            err(f"{where}: {cat} entries should be bare names")
        sel, bad = select(exp)
        for b in bad:
            err(f"{where}: {b}")
        if sel and rule_a(sel) != status:
            err(f"{where}: status {status}, rule A gives {rule_a(sel)}")
        if cat == "exact" and query not in ents:
            err(f"{where}: exact query is not its expected name")
        if cat == "partial" and not all(query in e and query != e for e in ents):
            err(f"{where}: partial query is not a proper part of every expected name")
        if cat == "pinyin" and not any(query.replace(" ", "") in pinyin_forms(e) for e in ents):
            err(f"{where}: pinyin does not match {ents}")
        if cat == "traditional" and convert(query, "zh-cn") == query:
            err(f"{where}: no traditional characters")
        if cat == "typo" and (query in names or any(e in query for e in ents)):
            err(f"{where}: typo query contains the correct name")
    for cat, n in WANT.items():
        if counts.get(cat, 0) != n:
            err(f"count {cat}: {counts.get(cat, 0)} (want {n})")
    return counts, qs


counts, qs = check_questions()

# ---------------------------------------------------------------- report
n_ab = sum(1 for l, _ in items if l == "abolished")
n_re = sum(1 for l, _ in items if l == "retained")
print(f"abolished items: {n_ab}   retained items: {n_re}")
print(f"certificate names: {len(names)}   on both lists: {len(ab_names & re_names)}")
print(f"tasks: {len(tasks)}   tasks with 3+ items: {sum(1 for v in task_sizes.values() if v >= 3)}")
print("questions per category: " + ", ".join(f"{c} {counts.get(c, 0)}" for c in WANT) + f"  (total {len(qs)})")
st = collections.Counter(q[3] for q in qs if len(q) == 4)
print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(st.items())))
ct = collections.Counter(q[3] for q in qs if len(q) == 4 and q[0] == "cert_task")
print("cert_task statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(ct.items())))
if errors:
    print(f"FAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("OK: all checks passed")
