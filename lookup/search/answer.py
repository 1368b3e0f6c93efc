"""The one-line answer a resident can show at a counter."""

from __future__ import annotations

from collections import OrderedDict

from lookup.core.fields import LIST_SHORT

RULE = "凡未纳入保留证明材料清单的证明事项，不得要求申请人提供"
WHERE_TO_ASK = "如被索要，可拨打 12345 政务服务热线或向平湖市司法局反映"

# What replaces the certificate, in words a resident understands.
METHOD_PHRASES = {
    "告知承诺": "由申请人书面承诺",
    "部门核验": "由办事部门核验",
    "数据共享": "由部门通过数据共享查询",
    "证照替代": "凭现有证照办理",
    "其他": "按清单所列方式办理",
}


def _place(item: dict) -> str:
    short = LIST_SHORT[item["list"]]
    return f"{short}第 {item['seq']} 项" if item.get("seq") else short


def _uniq(values) -> list[str]:
    return list(OrderedDict.fromkeys(v for v in values if v))


def _parties(items: list[dict], field: str) -> list[str]:
    """Issuers or matters, split where one cell names several (村（居）委会、派出所)."""
    return _uniq(part.strip() for i in items for part in (i[field] or "").split("、"))


def _for(matter: str | None) -> str:
    """办理……时, without doubling the verb (居住证办理 → 办理居住证时)."""
    if not matter:
        return ""
    label = matter.replace("办理", "", 1) if "办理" in matter[:6] else matter
    return f"办理{label}时"


def abolished(name: str, items: list[dict], matter: str | None) -> str:
    where = _for(matter)
    how = [METHOD_PHRASES[m] for m in _uniq(i["method"] for i in items) if m in METHOD_PHRASES]
    instead = f"，改为{'或'.join(how[:2])}" if how else ""
    return f"「{name}」已取消：{where}不再需要提供{instead}（{_place(items[0])}）。"


def retained(name: str, items: list[dict], matter: str | None) -> str:
    issuers = _parties(items, "issuing_authority")[:3]
    where = _for(matter)
    by = f"，由{'、'.join(issuers)}开具" if issuers else ""
    promise = any("承诺" in (i["note"] + i["replacement"]) for i in items)
    promise = "（可告知承诺）" if promise else ""
    return f"「{name}」仍需提供：{where}须提交{by}{promise}（{_place(items[0])}）。"


def mixed(name: str, items: list[dict]) -> str:
    gone = [i for i in items if i["list"] == "abolished"]
    kept = [i for i in items if i["list"] == "retained"]
    gone_by, kept_by = _parties(gone, "issuing_authority"), _parties(kept, "issuing_authority")
    only_gone = [p for p in gone_by if p not in kept_by][:2]
    only_kept = [p for p in kept_by if p not in gone_by][:2]
    kept_for = _uniq(i["matter"] for i in kept)[:2]
    if only_gone and only_kept and not set(gone_by) & set(kept_by):
        left = f"{'、'.join(only_gone)}不再出具"
        right = f"{'、'.join(only_kept)}仍可开具"
        if kept_for:
            right += f"（用于{'、'.join(kept_for)}）"
    else:
        gone_for = _uniq(i["matter"] for i in gone)[:2]
        more = "等" if len(_uniq(i["matter"] for i in gone)) > 2 else ""
        left = f"办理{'、'.join(gone_for)}{more}已取消" if gone_for else "部分情形已取消"
        right = f"办理{'、'.join(kept_for)}仍需提供" if kept_for else "部分情形仍需提供"
    return f"「{name}」视情况而定：{left}；{right}。请看下方各项的办理事项。"


def not_listed(asked: str) -> str:
    what = f"「{asked}」" if asked else "该证明"
    return f"清单中未找到{what}。{RULE}；{WHERE_TO_ASK}。"


def verdict(items: list[dict], asked: str, confidence: float, matter_named: bool) -> dict:
    """The `answer` of a search: status, one line and the items it is about.

    `items` are the asked certificate's items after the matter filter (empty: not listed);
    `matter_named` says whether the question named the matter they were picked by.
    """
    if not items:
        shown = asked.strip()
        return {
            "status": "not_listed",
            "text": not_listed(shown if len(shown) <= 30 else shown[:30] + "…"),
            "item_ids": [],
            "confidence": round(confidence, 3),
        }
    lists = {item["list"] for item in items}
    name = items[0]["name"]
    matters = _uniq(item["matter"] for item in items)
    # The answer names the matter it holds for, in the list's words.
    matter = None
    if matter_named and matters:
        matter = "、".join(matters[:2]) + ("等" if len(matters) > 2 else "")
    if lists == {"abolished"}:
        status, text = "abolished", abolished(name, items, matter)
    elif lists == {"retained"}:
        status, text = "retained", retained(name, items, matter)
    else:
        status, text = "mixed", mixed(name, items)
    return {
        "status": status,
        "text": text,
        "item_ids": [i["id"] for i in items][:50],
        "confidence": round(confidence, 3),
    }
