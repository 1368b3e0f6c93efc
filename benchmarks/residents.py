"""Questions that look like residents', generated from general templates and the lists' own
names, matters and issuers — never from a relevance set's text.

Kinds (each a share of the mix): long sentences with a place in front (我在乍浦镇，…), task
questions (办低保要哪些证明), colloquial certificate questions, pinyin (full and initials),
typos (a character replaced by another of the same sound), traditional characters, and short
names. The output is the same on every run (a seeded generator) and every question is distinct.
"""

from __future__ import annotations

import random
from collections import defaultdict

from pypinyin import Style, lazy_pinyin

from lookup.lists import tasks as task_rules
from lookup.search.names import core

# Towns and streets of Pinghu, and places anywhere a resident may start with.
TOWNS = (
    "乍浦镇",
    "新埭镇",
    "新仓镇",
    "独山港镇",
    "林埭镇",
    "广陈镇",
    "当湖街道",
    "钟埭街道",
    "曹桥街道",
    "平湖市区",
    "嘉兴",
    "杭州",
)
LONG = (
    "我在{place}，{task}的时候窗口说要{name}，这个现在还要开吗？",
    "你好，我是{place}的，家里有事要去{task}，请问还需要{issuer}开{name}吗",
    "我在{place}上班，想问一下办{task}是不是一定要{name}，村里说不给开了",
    "{place}这边{task}，工作人员让我提供{name}，听说已经取消了是真的吗？谢谢",
    "我老家在{place}，现在要{task}，{issuer}说{core}的证明不用开了，那要带什么",
)
TASKS = (
    "办{task}要哪些证明",
    "{task}需要准备什么材料",
    "我想{task}，要开什么证明吗",
    "{task}要带啥",
    "请问{task}怎么办",
)
COLLOQUIAL = (
    "{core}的证明还要开吗",
    "办{task}还要{name}吗",
    "{issuer}还开{name}伐",
    "{name}去哪里开",
    "{core}证明现在不用开了吧",
)
# Simplified → traditional for the characters certificate names use most.
TRADITIONAL = str.maketrans(
    "证书关系亲属户籍单位机构经营业务劳动医疗学历职称门诊类残疾独生养老险婚姻状况无犯罪记录"
    "购买房屋产权来历卫计划许可开发区县镇乡财产资质车辆驾驶员岗检验认营执质监会计数据专",
    "證書關係親屬戶籍單位機構經營業務勞動醫療學歷職稱門診類殘疾獨生養老險婚姻狀況無犯罪記錄"
    "購買房屋產權來歷衛計劃許可開發區縣鎮鄉財產資質車輛駕駛員崗檢驗認營執質監會計數據專",
)
KINDS = ("long", "task", "colloquial", "pinyin", "typo", "traditional", "name")


def _short(matter: str) -> str:
    """The task as a resident names it: the matter without qualifiers and generic verbs."""
    return task_rules.key(matter)[:16]


def _homophones(texts: list[str]) -> dict[str, list[str]]:
    """Characters of the lists by their reading: a typo replaces one by another."""
    by_sound: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
        for ch, syl in zip(han, lazy_pinyin("".join(han)), strict=False):
            by_sound[syl].add(ch)
    return {s: sorted(chars) for s, chars in by_sound.items() if len(chars) > 1}


def _typo(name: str, sounds: dict[str, list[str]], rng: random.Random) -> str | None:
    c = core(name)
    readings = lazy_pinyin(c)
    spots = [k for k, syl in enumerate(readings) if syl in sounds and len(readings) == len(c)]
    if not spots:
        return None
    k = rng.choice(spots)
    others = [ch for ch in sounds[readings[k]] if ch != c[k]]
    return c[:k] + rng.choice(others) + c[k + 1 :] + name[len(c) :] if others else None


def _pinyin(name: str, rng: random.Random) -> str:
    syl = lazy_pinyin(core(name) if rng.random() < 0.5 else name, style=Style.NORMAL)
    if rng.random() < 0.5:
        return "".join(s[0] for s in syl)
    return "".join(syl)


def generate(items: list[dict], n: int, places: list[str] = (), seed: int = 17) -> list[dict]:
    """n distinct questions [{kind, q}], kinds interleaved so that any prefix is a mix."""
    rng = random.Random(seed)
    rows = [i for i in items if i["name"]]
    sounds = _homophones(sorted({i["name"] for i in rows}))
    where = [*TOWNS, *places]
    seen: set[str] = set()
    out: list[dict] = []
    kinds = list(KINDS)
    misses = dict.fromkeys(KINDS, 0)
    while len(out) < n and kinds:
        kind = kinds[len(out) % len(kinds)]
        q = _one(kind, rng.choice(rows), rng, where, sounds)
        if not q or q in seen:
            misses[kind] += 1
            if misses[kind] > 500:  # this kind has given all it can: the others go on
                kinds.remove(kind)
            continue
        misses[kind] = 0
        seen.add(q)
        out.append({"kind": kind, "q": q})
    return out


def _one(kind: str, item: dict, rng: random.Random, where: list[str], sounds) -> str | None:
    name = item["name"]
    fill = {
        "name": name,
        "core": core(name),
        "task": _short(item["matter"]) or "办事",
        "issuer": (item["issuing_authority"] or "社区").split("、")[0][:10],
        "place": rng.choice(where),
    }
    if kind == "long":
        return rng.choice(LONG).format(**fill)
    if kind == "task":
        return rng.choice(TASKS).format(**fill) if item["matter"] else None
    if kind == "colloquial":
        q = rng.choice(COLLOQUIAL).format(**fill)
        return f"{fill['place']}{q}" if rng.random() < 0.5 else q
    if kind == "pinyin":
        return _pinyin(name, rng)
    if kind == "typo":
        typo = _typo(name, sounds, rng)
        return typo and (typo + rng.choice(("", "还要吗", "要开吗", "在哪开")))
    if kind == "traditional":
        q = rng.choice((*COLLOQUIAL, "{name}")).format(**fill)
        return (f"{fill['place']}{q}" if rng.random() < 0.5 else q).translate(TRADITIONAL)
    return f"{fill['place']}{name}" if rng.random() < 0.7 else name
