import csv, re
D='/tmp/blind-input/pinghu/'
def load(f, st):
    with open(D+f, encoding='utf-8') as fh:
        r=csv.DictReader(fh, delimiter='\t')
        return [dict(row, _st=st) for row in r]
ITEMS=load('abolished.tsv','abolished')+load('retained.tsv','retained')
def task_of(m): return re.sub(r'[（(][^（）()]*[）)]$','',m.strip())
NAMES=sorted({i['证明名称'] for i in ITEMS})
TASKS=sorted({task_of(i['办理事项']) for i in ITEMS})
