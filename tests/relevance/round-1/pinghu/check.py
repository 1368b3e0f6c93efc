#!/usr/bin/env python3
"""Mechanical check of questions.tsv against the Pinghu lists (abolished.tsv, retained.tsv).
Run: /tmp/blindenv/bin/python check.py"""
import csv, re, sys, collections, os
from pypinyin import lazy_pinyin, Style
import zhconv

D = '/tmp/blind-input/pinghu/'
Q = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'questions.tsv')
WANT = dict(task=45, cert_task=45, exact=8, partial=8, colloquial=12, matter=8,
            pinyin=8, traditional=8, typo=10, not_listed=12)

items = []
for fn, st in (('abolished.tsv', 'abolished'), ('retained.tsv', 'retained')):
    with open(D + fn, encoding='utf-8') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            items.append((r['证明名称'].strip(), r['办理事项'].strip(), st))
assert len([i for i in items if i[2] == 'abolished']) == 216, 'abolished rows'
assert len([i for i in items if i[2] == 'retained']) == 51, 'retained rows'
names = {n for n, _, _ in items}
name_lists = collections.defaultdict(set)
for n, _, s in items: name_lists[n].add(s)
def base(m): return re.sub(r'（[^（）]*）$', '', m)
tasks = {base(m) for _, m, _ in items}

errors, warns = [], []
def err(i, msg): errors.append(f'row {i}: {msg}')
def warn(i, msg): warns.append(f'row {i}: {msg}')

def select(exp, i, allow_kw):
    sel = []
    for e in exp.split('|'):
        n, has, k = e.partition('#')
        if n not in names: err(i, f'name not in lists: {n!r}'); continue
        if has and not allow_kw: err(i, f'#关键词 not allowed in this category: {e!r}')
        if has and not k: err(i, f'empty 关键词: {e!r}')
        s = [it for it in items if it[0] == n and (not has or k in it[1])]
        if not s: err(i, f'{e!r} selects no item')
        sel += s
    return sel

def rule_a(sel):
    s = {it[2] for it in sel}
    return 'abolished' if s == {'abolished'} else 'retained' if s == {'retained'} else 'mixed'

def grams2(s):
    s = ''.join(ch for ch in s if '\u4e00' <= ch <= '\u9fff')
    return {s[j:j+2] for j in range(len(s) - 1)}
name_grams = set().union(*(grams2(n) for n in names))

def lcs(a, b):
    best = 0
    for x in range(len(a)):
        for y in range(len(b)):
            k = 0
            while x+k < len(a) and y+k < len(b) and a[x+k] == b[y+k]: k += 1
            best = max(best, k)
    return best
def trap(n):  # on both lists, or another listed name contains it / shares >=3 chars (ignoring 证明)
    if len(name_lists[n]) == 2: return True
    core = n.replace('证明', '')
    for m in names:
        if m == n: continue
        if n in m or m in n or lcs(core, m.replace('证明', '')) >= 3: return True
    return False

def py_forms(n):
    full = [p for p in lazy_pinyin(n, style=Style.NORMAL) if p.isalpha()]
    return {''.join(full), ''.join(p[0] for p in full)}

with open(Q, encoding='utf-8') as f:
    rows = list(csv.reader(f, delimiter='\t'))
if rows[0] != ['category', 'query', 'expected', 'status']: err(1, f'bad header {rows[0]}')
cnt = collections.Counter()
seen = {}
stat = collections.Counter()
ct_trap = ct_ret = 0
for i, r in enumerate(rows[1:], start=2):
    if len(r) != 4: err(i, f'{len(r)} columns'); continue
    c, q, e, s = r
    cnt[c] += 1
    if c not in WANT: err(i, f'unknown category {c}')
    if not q.strip() or q != q.strip(): err(i, 'empty or padded query')
    if q in seen: err(i, f'duplicate query of row {seen[q]}')
    seen[q] = i
    stat[(c, s)] += 1
    if c == 'task':
        if s != 'task': err(i, f'status {s} != task')
        for t in e.split('|'):
            if t not in tasks: err(i, f'task not a 办理事项 base text: {t!r}')
        continue
    if c == 'not_listed':
        if e != '' or s != 'not_listed': err(i, 'not_listed needs empty expected and status not_listed')
        shared = grams2(q) & name_grams
        if shared: err(i, f'not_listed query shares 2-char word(s) with a listed name: {sorted(shared)}')
        continue
    sel = select(e, i, allow_kw=c in ('matter', 'cert_task'))
    if sel and rule_a(sel) != s: err(i, f'status {s} != rule A {rule_a(sel)}')
    exp_names = [x.partition('#')[0] for x in e.split('|')]
    if c in ('matter', 'cert_task') and any('#' not in x for x in e.split('|')):
        err(i, 'matter/cert_task entries need #关键词')
    if c == 'exact' and q not in exp_names: err(i, 'exact query is not a listed name')
    if c != 'exact':
        verb = [n for n in names if n in q]
        if verb: err(i, f'non-exact query contains listed name verbatim: {verb}')
    if c == 'traditional':
        if zhconv.convert(q, 'zh-cn') == q: err(i, 'no traditional characters in query')
    if c == 'pinyin':
        if not re.fullmatch(r'[a-z ]+', q): err(i, 'pinyin query must be toneless lowercase latin')
        key = q.replace(' ', '')
        hit = {n for n in names if key in py_forms(n)}
        if hit != set(exp_names): err(i, f'pinyin {q!r} matches {sorted(hit)} but expected {exp_names}')
    if c == 'typo':
        if q in names: err(i, 'typo query is itself a listed name')
    if c == 'cert_task':
        if any(trap(n) for n in exp_names): ct_trap += 1
        if s == 'retained': ct_ret += 1

for c, n in WANT.items():
    if cnt[c] != n: err(0, f'category {c}: {cnt[c]} rows, want {n}')

print('counts per category:')
for c in WANT: print(f'  {c:12s} {cnt[c]:3d}')
print('  total       ', sum(cnt.values()))
print('status per category:')
for c in WANT:
    print(f'  {c:12s}', ', '.join(f'{s}={n}' for (cc, s), n in sorted(stat.items()) if cc == c))
print(f'cert_task: {ct_trap} with a name on both lists or sharing words with another listed name; {ct_ret} retained')
covered = {t for r in rows[1:] if r[0] == 'task' for t in r[2].split('|')}
print(f'distinct tasks named by task rows: {len(covered)} of {len(tasks)}')
exp_n = {x.partition('#')[0] for r in rows[1:] if r[0] not in ('task', 'not_listed') for x in r[2].split('|')}
print(f'distinct certificate names used in expected: {len(exp_n)} of {len(names)}')
if ct_ret < 12: errors.append('fewer than 12 cert_task rows with status retained')
for w in warns: print('WARN', w)
for x in errors: print('ERROR', x)
print('RESULT:', 'OK' if not errors else f'{len(errors)} error(s)')
sys.exit(1 if errors else 0)
