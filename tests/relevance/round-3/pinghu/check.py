#!/usr/bin/env python3
"""Mechanical checks for questions.tsv against the published Pinghu lists.
Run: /tmp/blindenv/bin/python check.py"""
import csv, re, sys, collections, difflib, os
import zhconv
B = '/tmp/blind-input/pinghu/'
HERE = os.path.dirname(os.path.abspath(__file__))
def load(f, st):
    with open(B + f, encoding='utf-8') as fh:
        return [dict(r, status=st) for r in csv.DictReader(fh, delimiter='\t')]
items = load('abolished.tsv', 'abolished') + load('retained.tsv', 'retained')
NAMES = {it['证明名称'] for it in items}
def base(m): return re.sub(r'（[^（）]*）$', '', m.strip())
TASKS = {base(it['办理事项']) for it in items}
ns = collections.defaultdict(set)
for it in items: ns[it['证明名称']].add(it['status'])
BOTH = {n for n, s in ns.items() if len(s) == 2}

with open(os.path.join(HERE, 'questions.tsv'), encoding='utf-8') as fh:
    rows = list(csv.DictReader(fh, delimiter='\t'))
errs = []
def err(i, r, m): errs.append(f"row {i+2} [{r['category']}] {r['query']}: {m}")

WANT = dict(task=50, cert_task=50, exact=6, partial=8, colloquial=12, matter=8,
            pinyin=8, traditional=8, typo=10, not_listed=12)
cnt = collections.Counter(r['category'] for r in rows)
for c, n in WANT.items():
    if cnt[c] != n: errs.append(f"count {c}: {cnt[c]} != {n}")
for c in cnt:
    if c not in WANT: errs.append(f"unknown category {c}")

def select(i, r, entries):
    sel = []
    for e in entries:
        n, hashed, k = e.partition('#')
        if n not in NAMES: err(i, r, f"name not in lists: {n}"); continue
        if hashed and not k: err(i, r, f"empty keyword in {e}")
        s = [it for it in items if it['证明名称'] == n and (not k or k in it['办理事项'])]
        if hashed and not s: err(i, r, f"keyword selects nothing: {e}")
        sel += s
    return sel

cert_both = cert_overlap = cert_ret = 0
for i, r in enumerate(rows):
    c, q, e, st = r['category'], r['query'], r['expected'], r['status']
    if not q.strip(): err(i, r, 'empty query')
    ents = [x for x in e.split('|') if x] if e else []
    if c == 'task':
        if st != 'task': err(i, r, 'status must be task')
        if not ents: err(i, r, 'no task')
        for t in ents:
            if t not in TASKS: err(i, r, f"task not a 办理事项 base text: {t}")
        continue
    if c == 'not_listed':
        if e or st != 'not_listed': err(i, r, 'not_listed must have empty expected/status not_listed')
        qs = zhconv.convert(q, 'zh-cn')
        for a, b in zip(qs, qs[1:]):
            bg = a + b
            if re.fullmatch(r'[\u4e00-\u9fff]{2}', bg) and any(bg in n for n in NAMES):
                err(i, r, f"shares two-character word '{bg}' with a listed name")
        continue
    if not ents: err(i, r, 'empty expected'); continue
    if c in ('matter', 'cert_task'):
        if any('#' not in x for x in ents): err(i, r, 'entries must be 名称#关键词')
    elif any('#' in x for x in ents): err(i, r, 'no #关键词 expected in this category')
    sel = select(i, r, ents)
    s = {it['status'] for it in sel}
    want = s.pop() if len(s) == 1 else 'mixed'
    if st != want: err(i, r, f"status {st} but rule A gives {want}")
    if c == 'exact' and q not in NAMES: err(i, r, 'exact query is not a listed name')
    if c not in ('exact', 'pinyin') and any(n in q for n in NAMES):
        err(i, r, 'query copies a certificate name verbatim outside exact')
    if c == 'cert_task':
        nm = {x.partition('#')[0] for x in ents}
        if want == 'retained': cert_ret += 1
        if nm & BOTH: cert_both += 1
        elif any(m != n and (n in m or len(set(zip(n, n[1:])) & set(zip(m, m[1:])) - {('证', '明')}) >= 1)
                 for n in nm for m in NAMES):
            cert_overlap += 1

# duplicates / near-duplicates
qs = [r['query'] for r in rows]
def norm(s): return re.sub(r'[\s，。？！、,.?!伐哇呀啦咯嘛噢哦呢吧吗]', '', zhconv.convert(s, 'zh-cn')).lower()
for a in range(len(qs)):
    for b in range(a + 1, len(qs)):
        x, y = norm(qs[a]), norm(qs[b])
        if x == y: errs.append(f"duplicate: {qs[a]} / {qs[b]}"); continue
        rat = difflib.SequenceMatcher(None, x, y).ratio()
        if rat >= 0.8 and min(len(x), len(y)) >= 4:
            errs.append(f"near-duplicate ({rat:.2f}): {qs[a]} / {qs[b]}")

print('counts:', dict(sorted(cnt.items())))
print('status by category:', dict(sorted(collections.Counter((r['category'], r['status']) for r in rows).items())))
print(f"cert_task: {cert_ret} retained; {cert_both} name on both lists; {cert_overlap} more share words with another listed name; "
      f"hard total {cert_both + cert_overlap}/{cnt['cert_task']}")
if cert_ret < 15: errs.append('cert_task: fewer than 15 retained')
if cert_both + cert_overlap <= cnt['cert_task'] / 2: errs.append('cert_task: not more than half hard cases')
if errs:
    print(f"FAIL: {len(errs)} problem(s)"); [print('  ' + x) for x in errs]; sys.exit(1)
print('OK: all checks passed')
