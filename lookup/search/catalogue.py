"""Tasks (办理事项) as the pages and the API show them: plain data, no web framework.

`overview(engine)` is the browsing page: life events with their tasks and counts, and every
task A–Z by the pinyin of its name. `task_detail(engine, task_id)` is one task's checklist:
what is still required (from whom, on what basis) and what is no longer required (what
replaces it, in plain words). `say(detail)` is that checklist as a paragraph staff can paste.
The item page's words come from here too: the task an item belongs to, its answer lines and
its card's heading, and the certificates that are on both lists (abolished for some tasks,
retained for others).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from lookup.core.fields import ABOLISHED, LIST_SHORT, METHOD_EXPLANATIONS, RETAINED
from lookup.core.limits import MAX_ITEM_ID
from lookup.lists import tasks as rules
from lookup.search import pinyin
from lookup.search.answer import INSTEAD, checklist, verdict
from lookup.search.engine import Engine
from lookup.search.names import name_key
from lookup.search.tasks import Task

MAX_TASK_ID = MAX_ITEM_ID  # task ids in URLs are bounded like item ids
OTHER_LETTER = "#"  # names that do not start with a Han character or a Latin letter


def summary(engine: Engine, task: Task) -> dict:
    """A task with its variants, life events and how many of its certificates each list has."""
    lists = [engine.items[i]["list"] for i in task.items]
    return {
        "id": task.id,
        "name": task.name,
        "variants": list(task.variants),
        "events": list(task.events),
        "total": len(lists),
        ABOLISHED: lists.count(ABOLISHED),
        RETAINED: lists.count(RETAINED),
    }


def _letter(name: str) -> str:
    syllables = pinyin.syllables(name[:1])
    first = (syllables[0] if syllables else name)[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def _by_pinyin(task: dict) -> tuple:
    return pinyin.syllables(task["name"]), task["name"]


def overview(engine: Engine) -> dict:
    """Every task of the engine's version, by life event and A–Z (by the pinyin of its name)."""
    tasks = {t.id: summary(engine, t) for t in engine.tasks.by_id.values()}
    events = [
        {"name": name, "tasks": sorted((tasks[t.id] for t in members), key=_by_pinyin)}
        for name, members in engine.tasks.events()
    ]
    letters: dict[str, list[dict]] = defaultdict(list)
    for task in sorted(tasks.values(), key=_by_pinyin):
        letters[_letter(task["name"])].append(task)
    order = sorted(letters, key=lambda letter: (letter == OTHER_LETTER, letter))
    return {
        "version": engine.version,
        "total": len(tasks),
        "certificates": sum(t["total"] for t in tasks.values()),
        "events": events,
        "az": [{"letter": letter, "tasks": letters[letter]} for letter in order],
    }


def find(engine: Engine, task_id: str) -> Task | None:
    """The task with this id in the engine's version (None for an unknown or overlong id)."""
    if not task_id or len(task_id) > MAX_TASK_ID:
        return None
    return engine.tasks.by_id.get(task_id)


def task_ref(engine: Engine, task_id: str) -> dict | None:
    """What an item page shows of the task it belongs to: its id, name and counts."""
    task = find(engine, task_id)
    return summary(engine, task) if task else None


def instead(item: dict) -> str:
    """What replaces an abolished certificate, in the words a resident understands."""
    method = item.get("method") or "其他"
    if method == "证照替代":
        _, _, how = (item.get("replacement") or "").partition("：")
        if how.startswith("凭") and len(how) <= 40:
            return how.rstrip("。")
    return INSTEAD.get(method, INSTEAD["其他"])


def promise(item: dict) -> bool:
    """Whether a retained certificate may be replaced by a signed commitment."""
    return "承诺" in (item.get("note") or "") + (item.get("replacement") or "")


def qualifier(item: dict, task: Task) -> str:
    """The part of the item's matter that narrows the task (新就业人员), if any."""
    matter = item.get("matter") or ""
    base, qualifiers = rules.split(matter)
    return "、".join(qualifiers) if base == task.name else matter


def task_detail(engine: Engine, task_id: str) -> dict | None:
    """One task's checklist: the certificates still required and those no longer required."""
    task = find(engine, task_id)
    if task is None:
        return None
    items = [engine.items[i] for i in task.items]
    items.sort(key=lambda i: (i["list"] != RETAINED, i.get("position") or 0))
    still, gone = [], []
    for item in items:
        extra = {"qualifier": qualifier(item, task)}
        if item["list"] == RETAINED:
            still.append({**item, **extra, "promise": promise(item)})
        else:
            explanation = METHOD_EXPLANATIONS.get(item.get("method") or "", "")
            gone.append({**item, **extra, "instead": instead(item), "explanation": explanation})
    head = summary(engine, task)
    answer = checklist({"id": task.id, "name": task.name}, items, 1.0)
    return {
        **head,
        "version": engine.version,
        "text": answer["text"],
        "detail": answer["detail"],
        "still_required": still,
        "no_longer_required": gone,
    }


def answer_tasks(engine: Engine, answer: dict) -> list[dict]:
    """The tasks a search answer is about (a task's checklist or a life event's tasks)."""
    refs = [answer["task"]] if answer.get("task") else answer.get("tasks") or []
    found = (find(engine, ref.get("id") or "") for ref in refs)
    return [summary(engine, task) for task in found if task is not None]


def say(detail: dict) -> str:
    """The checklist as one text staff can read out, paste or print."""
    lines = [f"办理「{detail['name']}」（平湖市证明事项清单第 {detail['version']} 版）："]
    if detail["no_longer_required"]:
        lines.append(f"不用再开的证明（{len(detail['no_longer_required'])} 项）：")
        for n, item in enumerate(detail["no_longer_required"], 1):
            where = f"（{item['qualifier']}）" if item["qualifier"] else ""
            lines.append(f"{n}. {item['name']}{where}：{item['instead']}（{_seq(item)}）")
    if detail["still_required"]:
        lines.append(f"仍需提供的证明（{len(detail['still_required'])} 项）：")
        for n, item in enumerate(detail["still_required"], 1):
            where = f"（{item['qualifier']}）" if item["qualifier"] else ""
            issuer = (
                f"由{item['issuing_authority']}开具" if item["issuing_authority"] else "仍需提供"
            )
            also = "，也可以签承诺书代替" if item["promise"] else ""
            basis = f"；依据：{item['basis'].rstrip('。')}" if item["basis"] else ""
            lines.append(f"{n}. {item['name']}{where}：{issuer}{also}{basis}（{_seq(item)}）")
    lines.append("凡未纳入保留清单的证明事项，不得要求申请人提供。")
    return "\n".join(lines)


def _seq(item: dict) -> str:
    short = LIST_SHORT[item["list"]]
    return f"{short}第 {item['seq']} 项" if item.get("seq") else short


def when(matter: str) -> str:
    """办理……时, without doubling the verb (居住证办理 → 办理居住证时)."""
    if not matter:
        return ""
    label = matter.replace("办理", "", 1) if "办理" in matter[:6] else matter
    return f"办理{label}时"


def plain_line(item: dict) -> str:
    """One short line a list shows for an item: 不用开了：… or 还要开：到…开具."""
    if item["list"] == ABOLISHED:
        return f"不用开了：{instead(item)}"
    issuer = item.get("issuing_authority")
    return f"还要开：到{issuer}开具" if issuer else "还要开"


def item_answer(item: dict) -> dict:
    """The answer lines of one item, as a search for it would give them."""
    return verdict([item], 1.0, matter_named=True)


def heading(item: dict) -> str:
    """The counter card's heading, naming the task: 办理居住证时，本证明已取消."""
    state = "本证明已取消" if item["list"] == ABOLISHED else "本证明仍需提供"
    prefix = when(item.get("matter") or "")
    return f"{prefix}，{state}" if prefix else state


def other_list(items: list[dict]) -> dict[str, list[dict]]:
    """For each item, the items of the other list with the same certificate name: 死亡证明 is
    abolished for some tasks and retained for others."""
    by_name: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_name[name_key(item["name"])].append(item)
    found = {}
    for item in items:
        others = [o for o in by_name[name_key(item["name"])] if o["list"] != item["list"]]
        if others:
            found[item["id"]] = others
    return found


def on_both_lists(items: list[dict]) -> list[str]:
    """Names of the certificates that are abolished for some tasks and retained for others,
    the ones with most items first."""
    both = other_list(items)
    counts = Counter(name_key(i["name"]) for i in items if i["id"] in both)
    names = {name_key(i["name"]): i["name"] for i in items if i["list"] == RETAINED}
    return [names[key] for key, _n in counts.most_common() if key in names]
