"""The answer a resident can show at a counter: a plain first line, the details on a second.

The first line (`text`) says what to do, in words a 70-year-old understands: 不用开了 (and what
happens instead), 还要开 (and where), 看办什么事 (which tasks still need it), the checklist of a
task, or that nothing matched. The second line (`detail`) carries the list, the item number,
the method's name and the legal basis for staff. Statuses: abolished, retained, mixed, task,
uncertain (a weak or conflicting match, said so), not_listed.
"""

from __future__ import annotations

from lookup.core.fields import LIST_SHORT

RULE = "凡未纳入保留证明材料清单的证明事项，不得要求申请人提供"
WHERE_TO_ASK = "如被索要，可拨打 12345 政务服务热线或向平湖市司法局反映"
CHECK = "请以办事窗口的答复为准，或拨打 12345 政务服务热线咨询"
MAX_NAMED = 8  # names listed in one line before "等"

# What replaces the certificate, as the first line says it.
INSTEAD = {
    "直接取消": "不需要这份证明",
    "告知承诺": "签一份书面承诺即可",
    "部门核验": "由办事部门自己核查",
    "数据共享": "由办事部门通过数据共享查询",
    "证照替代": "凭身份证、户口簿等现有证件办理",
    "其他": "按清单所列方式办理",
}


def _uniq(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _parties(items: list[dict], field: str) -> list[str]:
    """Issuers or matters, split where one cell names several (村（居）委会、派出所)."""
    return _uniq(part.strip() for i in items for part in (i[field] or "").split("、"))


def _names(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return shown + ("等" if len(names) > MAX_NAMED else "")


def _when(matters: list[str]) -> str:
    """办理……时, without doubling the verb (居住证办理 → 办理居住证时)."""
    if not matters:
        return ""
    labels = [m.replace("办理", "", 1) if "办理" in m[:6] else m for m in matters[:2]]
    return f"办理{'、'.join(labels)}{'等' if len(matters) > 2 else ''}时"


def _instead(items: list[dict]) -> str:
    """What the resident does instead, from the item's own words when they are short."""
    methods = _uniq(i["method"] for i in items)
    if methods == ["证照替代"]:
        _, _, how = (items[0]["replacement"] or "").partition("：")
        if how.startswith("凭") and len(how) <= 40:
            return how.rstrip("。")
    return "，或".join(INSTEAD[m] for m in methods[:2] if m in INSTEAD) or INSTEAD["其他"]


def _place(items: list[dict]) -> str:
    item = items[0]
    short = LIST_SHORT[item["list"]]
    place = f"{short}第 {item['seq']} 项" if item.get("seq") else short
    more = f"等 {len(items)} 项" if len(items) > 1 else ""
    return place + more


def _detail(items: list[dict]) -> str:
    """Second line: where in the lists, the method's name and the basis."""
    parts = [_place(items)]
    methods = _uniq(i["method"] for i in items if i["list"] == "abolished")
    if methods:
        parts.append("取消后办理方式：" + "、".join(methods))
    basis = _uniq(i["basis"] for i in items)
    if basis:
        parts.append("依据：" + basis[0][:60] + ("…" if len(basis[0]) > 60 else ""))
    return " · ".join(parts)


def _answer(status: str, text: str, detail: str, items: list[dict], confidence: float) -> dict:
    return {
        "status": status,
        "text": text,
        "detail": detail,
        "item_ids": [i["id"] for i in items][:50],
        "confidence": round(confidence, 3),
    }


def verdict(items: list[dict], confidence: float, matter_named: bool) -> dict:
    """The answer about one certificate, decided on its items (after the task/matter filter);
    `matter_named` says the question named the matter they were picked by."""
    name = items[0]["name"]
    matters = _uniq(i["matter"] for i in items)
    when = _when(matters) if matter_named or len(matters) == 1 else ""
    lists = {i["list"] for i in items}
    if lists == {"abolished"}:
        text = f"「{name}」不用开了：{when}{_instead(items)}。"
        return _answer("abolished", text, _detail(items), items, confidence)
    kept = [i for i in items if i["list"] == "retained"]
    issuers = _parties(kept, "issuing_authority")[:3]
    where = f"，到{'、'.join(issuers)}开具" if issuers else ""
    promise = any("承诺" in (i["note"] + i["replacement"]) for i in kept)
    promise = "（也可以签承诺书代替）" if promise else ""
    if lists == {"retained"}:
        needed = f"{when}需要{where}" if when else where.lstrip("，")
        text = f"「{name}」还要开：{needed}{promise}。"
        return _answer("retained", text, _detail(items), items, confidence)
    still = _when(_uniq(i["matter"] for i in kept)) or "部分事项"
    text = f"「{name}」看办什么事：{still}还要开{where}{promise}；办其他事项不用开了。"
    return _answer("mixed", text, _detail(items), items, confidence)


def _doing(task: str) -> str:
    """办理「公共租赁住房申请」, but 办「居住证」 for 居住证办理 (not 办理「居住证办理」)."""
    for verb in ("办理",):
        if task.endswith(verb) and len(task) > len(verb) + 1:
            return f"办「{task[: -len(verb)]}」"
    return f"办理「{task}」"


def checklist(task: dict, items: list[dict], confidence: float) -> dict:
    """The answer to "办X要哪些证明": what is no longer needed, what still is and from whom."""
    gone = _uniq(i["name"] for i in items if i["list"] == "abolished")
    kept = [i for i in items if i["list"] == "retained"]
    parts = []
    if gone:
        if len(gone) == 1:
            label = "这项证明已取消，不用再开"
        elif kept:
            label = f"以下 {len(gone)} 项证明已取消，不用再开"
        else:
            label = f"这 {len(gone)} 项证明都已取消，不用再开"
        parts.append(f"{label}：{_names(gone)}")
    if kept:
        needed = []
        for name in _uniq(i["name"] for i in kept):
            issuers = _parties([i for i in kept if i["name"] == name], "issuing_authority")[:2]
            needed.append(f"{name}（到{'、'.join(issuers)}开具）" if issuers else name)
        parts.append(f"仍需提供：{_names(needed)}")
    text = f"{_doing(task['name'])}：" + "；".join(parts) + "。"
    detail = f"取消清单 {len(items) - len(kept)} 项、保留清单 {len(kept)} 项 · {WHERE_TO_ASK}"
    answer = _answer("task", text, detail, items, confidence)
    answer["task"] = task
    return answer


def not_in_checklist(name: str, task_answer: dict) -> dict:
    """A certificate asked about for a task that does not list it: say so, then the task's
    checklist (what the task does need, and from whom)."""
    lead = f"「{name}」不在{_doing(task_answer['task']['name'])}的清单里。"
    return {**task_answer, "text": lead + task_answer["text"], "asked": name}


def life_event(event: str, tasks: list[dict]) -> dict:
    """The answer to "老人过世后要办哪些手续": the tasks of that life event, each to open."""
    names = _names([f"「{t['name']}」" for t in tasks])
    text = f"「{event}」常办的事有：{names}。每件事要哪些证明，请点开查看。"
    answer = _answer("task", text, WHERE_TO_ASK, [], 0.0)
    answer.update(event=event, tasks=tasks)
    return answer


def uncertain(closest: list[dict], asked: str, confidence: float) -> dict:
    """A weak or conflicting match, said honestly: the closest item and where to check."""
    item = closest[0]
    state = "已取消" if item["list"] == "abolished" else "仍需提供"
    where = f"（{_when([item['matter']])}{state}）" if item["matter"] else f"（{state}）"
    text = f"没有找到完全对应的证明，最接近的是「{item['name']}」{where}；{CHECK}。"
    return _answer("uncertain", text, _detail(closest[:1]), closest[:1], confidence)


def not_listed(asked: str, confidence: float) -> dict:
    shown = asked.strip()
    shown = shown if len(shown) <= 30 else shown[:30] + "…"
    what = f"「{shown}」" if shown else "这份证明"
    text = f"清单中没有找到{what}。{RULE}；{WHERE_TO_ASK}。"
    return _answer("not_listed", text, "取消清单、保留清单均未列入", [], confidence)
