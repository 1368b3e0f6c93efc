import csv, re, collections
def load(k):
    return list(csv.DictReader(open(f"{k}.tsv", encoding="utf-8"), delimiter="\t"))
A, R = load("abolished"), load("retained")
def task(m): return re.sub(r"（[^（）]*）$", "", m)
an = {x["证明名称"] for x in A}; rn = {x["证明名称"] for x in R}
print("both:", len(an & rn), sorted(an & rn))
c = collections.Counter(task(x["办理事项"]) for x in A + R)
big = [(t, n) for t, n in c.most_common() if n >= 3]
print("tasks>=3:", len(big)); [print(" ", t, n) for t, n in big]
print("all tasks:", len(c))
print("names:", sorted(an | rn))
