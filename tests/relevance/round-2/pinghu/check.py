#!/usr/bin/env python3
"""Mechanical checks of questions.tsv against the two published Pinghu lists."""
import csv, re, sys, os
from collections import Counter
from difflib import SequenceMatcher
IN = '/tmp/blind-input/pinghu'
HERE = os.path.dirname(os.path.abspath(__file__))
WANT = dict(task=50, cert_task=50, exact=6, partial=8, colloquial=12, matter=8,
            pinyin=8, traditional=8, typo=10, not_listed=12)

def task_of(m):
    return re.sub(r'[（(][^（）()]*[）)]\s*$', '', m).strip()

items = []
for st, fn in (('abolished', 'abolished.tsv'), ('retained', 'retained.tsv')):
    with open(os.path.join(IN, fn), encoding='utf-8') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            items.append(dict(status=st, name=r['证明名称'].strip(), matter=r['办理事项'].strip()))
names = {i['name'] for i in items}
tasks = {task_of(i['matter']) for i in items}
name_bigrams = {n[k:k+2] for n in names for k in range(len(n) - 1)}

with open(os.path.join(HERE, 'questions.tsv'), encoding='utf-8') as f:
    rows = list(csv.DictReader(f, delimiter='\t'))

errors = []
def err(i, r, msg):
    errors.append(f'line {i+2} [{r["category"]}] {r["query"]}: {msg}')

def select(i, r, exp):
    out = []
    for e in exp.split('|'):
        n, has_k, k = e.partition('#')
        if n not in names:
            err(i, r, f'name not in lists: {n}')
            continue
        s = [it for it in items if it['name'] == n and (not has_k or k in it['matter'])]
        if has_k and not s:
            err(i, r, f'#关键词 selects nothing: {e}')
        out += s
    return out

for i, r in enumerate(rows):
    c, q, exp, st = r['category'], r['query'], r['expected'], r['status']
    if c not in WANT:
        err(i, r, 'unknown category'); continue
    if c == 'task':
        if st != 'task': err(i, r, 'status must be task')
        for t in exp.split('|'):
            if t not in tasks: err(i, r, f'not a 办理事项 base text: {t}')
    elif c == 'not_listed':
        if exp or st != 'not_listed': err(i, r, 'expected must be empty, status not_listed')
        shared = sorted({q[k:k+2] for k in range(len(q) - 1)} & name_bigrams)
        if shared: err(i, r, f'shares two-character word(s) with a listed name: {shared}')
    else:
        if c in ('matter', 'cert_task'):
            if any('#' not in e for e in exp.split('|')): err(i, r, 'entries must be 名称#关键词')
        elif '#' in exp:
            err(i, r, '#关键词 not allowed in this category')
        sel = select(i, r, exp)
        if sel:
            ss = {it['status'] for it in sel}
            want = ss.pop() if len(ss) == 1 else 'mixed'
            if st != want: err(i, r, f'status {st} but rule A gives {want}')
        if c == 'exact' and q not in names: err(i, r, 'exact query is not a listed name')

# duplicates and near-copies
qs = [r['query'] for r in rows]
for q, n in Counter(qs).items():
    if n > 1: errors.append(f'duplicate question: {q}')
near = []
for a in range(len(qs)):
    for b in range(a + 1, len(qs)):
        if rows[a]['category'] == rows[b]['category'] and SequenceMatcher(None, qs[a], qs[b]).ratio() >= 0.8:
            near.append((qs[a], qs[b]))

cnt = Counter(r['category'] for r in rows)
for c, n in WANT.items():
    if cnt[c] != n: errors.append(f'count {c}: {cnt[c]} (want {n})')
ct = [r for r in rows if r['category'] == 'cert_task']
ret = sum(r['status'] == 'retained' for r in ct)
if ret < 15: errors.append(f'cert_task retained only {ret} (want >=15)')

print('rows:', len(rows))
print('counts:', ', '.join(f'{c}={cnt[c]}' for c in WANT))
print('status by category:')
for c in WANT:
    sc = Counter(r['status'] for r in rows if r['category'] == c)
    print(f'  {c}: ' + ', '.join(f'{k}={v}' for k, v in sorted(sc.items())))
print('distinct tasks in task answers:', len({t for r in rows if r['category'] == 'task' for t in r['expected'].split('|')}))
print('near-copies (ratio>=0.8, same category):', len(near))
for a, b in near: print('  ', a, '|', b)
if errors:
    print('ERRORS:', len(errors)); [print('  ' + e) for e in errors]; sys.exit(1)
print('OK: all checks passed')
