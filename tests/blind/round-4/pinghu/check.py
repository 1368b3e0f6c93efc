# Mechanical check of questions.tsv against the published lists in /tmp/blind-input/pinghu/
import csv, re, sys, difflib
from collections import Counter
from pypinyin import lazy_pinyin
import zhconv
D = '/tmp/blind-input/pinghu/'
def load(f, st):
    with open(D + f, encoding='utf-8') as fh:
        return [dict(r, _st=st) for r in csv.DictReader(fh, delimiter='\t')]
ITEMS = load('abolished.tsv', 'abolished') + load('retained.tsv', 'retained')
NAMES = {i['证明名称'] for i in ITEMS}
task_of = lambda m: re.sub(r'[（(][^（）()]*[）)]$', '', m.strip())
TASKS = {task_of(i['办理事项']) for i in ITEMS}
WANT = dict(task=50, cert_task=50, exact=6, partial=8, colloquial=12, matter=8,
            pinyin=8, traditional=8, typo=10, not_listed=12)

rows = list(csv.DictReader(open('questions.tsv', encoding='utf-8'), delimiter='\t'))
err = []; warn = []
def E(r, m): err.append(f"{r['category']}\t{r['query']}\t{m}")
def W(r, m): warn.append(f"{r['category']}\t{r['query']}\t{m}")

def select(expected, r):
    sel = []
    for e in expected.split('|'):
        name, hash_, kw = e.partition('#')
        if name not in NAMES: E(r, f'name not in lists: {name}'); continue
        s = [i for i in ITEMS if i['证明名称'] == name and (not kw or kw in i['办理事项'])]
        if hash_ and not kw: E(r, 'empty keyword')
        if not s: E(r, f'keyword selects nothing: {e}')
        sel += s
    return sel

def rule_a(sel):
    sts = {i['_st'] for i in sel}
    return sts.pop() if len(sts) == 1 else 'mixed'

def ini(s): return ''.join(p[0] for p in lazy_pinyin(s))
def full(s): return ''.join(lazy_pinyin(s))

cnt = Counter(r['category'] for r in rows)
for c, n in WANT.items():
    if cnt[c] != n: err.append(f'count {c}: {cnt[c]} != {n}')
if set(cnt) - set(WANT): err.append(f'unknown categories {set(cnt)-set(WANT)}')
dq = [q for q, n in Counter(r['query'] for r in rows).items() if n > 1]
if dq: err.append(f'duplicate queries {dq}')

# bigrams of listed names (excluding the generic word 证明) for the not_listed check
name_bigrams = {n[k:k+2] for n in NAMES for k in range(len(n) - 1)} - {'证明'}

for r in rows:
    c, q, e, st = r['category'], r['query'], r['expected'], r['status']
    if c == 'task':
        for t in e.split('|'):
            if t not in TASKS: E(r, f'task not in lists: {t}')
        if st != 'task': E(r, 'status must be task')
        continue
    if c == 'not_listed':
        if e or st != 'not_listed': E(r, 'not_listed needs empty expected and status not_listed')
        shared = {q[k:k+2] for k in range(len(q) - 1)} & name_bigrams
        if shared: E(r, f'shares two-character strings with listed names: {shared}')
        continue
    if c in ('matter', 'cert_task'):
        if any('#' not in x for x in e.split('|')): E(r, 'needs 名称#关键词')
    sel = select(e, r)
    if sel and rule_a(sel) != st: E(r, f'status {st} != rule A {rule_a(sel)}')
    names = [x.split('#')[0] for x in e.split('|')]
    if c != 'exact' and any(n in q for n in NAMES if len(n) >= 4):
        W(r, 'query contains a listed name verbatim: ' + ','.join(n for n in NAMES if len(n) >= 4 and n in q))
    if c == 'exact' and q not in NAMES: E(r, 'exact query is not a listed name')
    if c == 'pinyin':
        qq = q.replace(' ', '').lower()
        if not any(qq in (ini(n), full(n)) or qq == full(n[:-2]) + ini(n[-2:]) or
                   qq == ini(n[:-2]) + ini(n[-2:]) for n in names):
            # allow mixed forms like 'dszn zm' / 'wufang zhengming': compare per token
            toks = q.lower().split()
            ok = False
            for n in names:
                py = lazy_pinyin(n); k = 0; good = True
                for t in toks:
                    # consume syllables matching token as full or initials
                    matched = False
                    for L in range(1, len(py) - k + 1):
                        seg = py[k:k+L]
                        if t in (''.join(seg), ''.join(s[0] for s in seg)):
                            k += L; matched = True; break
                    if not matched: good = False; break
                if good and k == len(py): ok = True
            if not ok: E(r, 'pinyin does not spell the expected name')
        # ambiguity: other names with the same spelling
        other = [n for n in NAMES if n not in names and qq in (ini(n), full(n))]
        if other: W(r, f'pinyin also spells {other}')
    if c == 'traditional':
        simp = zhconv.convert(q, 'zh-cn')
        if simp == q: E(r, 'no traditional characters')
        if not any(n in simp for n in names): E(r, f'simplified form does not contain name: {simp}')
    if c == 'typo':
        best = max(difflib.SequenceMatcher(None, q[k:k+len(n)], n).ratio()
                   for n in names for k in range(max(1, len(q) - len(n) + 1)))
        if any(n in q for n in names): E(r, 'typo query contains the correct name')
        if best < 0.6: E(r, f'typo too far from name ({best:.2f})')

stc = Counter(r['status'] for r in rows if r['category'] not in ('task', 'not_listed'))
ct = Counter(r['status'] for r in rows if r['category'] == 'cert_task')
print('rows:', len(rows)); print('per category:', dict(cnt))
print('status (non-task, non-not_listed):', dict(stc)); print('cert_task status:', dict(ct))
tasks_used = {t for r in rows if r['category'] == 'task' for t in r['expected'].split('|')}
names_used = {x.split('#')[0] for r in rows if r['category'] not in ('task', 'not_listed') for x in r['expected'].split('|')}
print(f'distinct tasks in task questions: {len(tasks_used)} / {len(TASKS)}; distinct names used: {len(names_used)} / {len(NAMES)}')
for w in warn: print('WARN', w)
for x in err: print('ERROR', x)
print('ERRORS:', len(err)); sys.exit(1 if err else 0)
