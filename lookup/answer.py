"""The one-line answer a resident can show at a counter."""

from __future__ import annotations

from collections import OrderedDict

from .fields import LIST_SHORT

RULE = "凡未纳入保留证明材料清单的证明事项，不得要求申请人提供"
WHERE_TO_ASK = "如被索要，可拨打 12345 政务服务热线或向平湖市司法局反映"


def _place(item: dict) -> str:
    return (
        f"{LIST_SHORT[item['list']]}第 {item['seq']} 项"
        if item.get("seq")
        else LIST_SHORT[item["list"]]
    )


def _uniq(values) -> list[str]:
    return list(OrderedDict.fromkeys(v for v in values if v))


def abolished(name: str, items: list[dict], matter: str | None) -> str:
    first = items[0]
    how = _uniq(i["method"] for i in items)
    where = f"办理{matter}时" if matter else ""
    method = f"，改为{'、'.join(how)}" if how and how != ["直接取消"] else ""
    return f"「{name}」已取消：{where}不再需要提供{method}（{_place(first)}）。"


def retained(name: str, items: list[dict], matter: str | None) -> str:
    first = items[0]
    issuers = _uniq(i["issuing_authority"] for i in items)[:3]
    where = f"办理{matter}时" if matter else ""
    by = f"，由{'、'.join(issuers)}开具" if issuers else ""
    promise = (
        "（可告知承诺）" if any("承诺" in (i["note"] + i["replacement"]) for i in items) else ""
    )
    return f"「{name}」仍需提供：{where}须提交{by}{promise}（{_place(first)}）。"


def mixed(name: str, items: list[dict]) -> str:
    gone = [i for i in items if i["list"] == "abolished"]
    kept = [i for i in items if i["list"] == "retained"]
    gone_by = _uniq(i["issuing_authority"] for i in gone)[:2]
    kept_by = _uniq(i["issuing_authority"] for i in kept)[:2]
    kept_for = _uniq(i["matter"] for i in kept)[:2]
    gone_for = _uniq(i["matter"] for i in gone)[:2]
    if gone_by and kept_by and set(gone_by) != set(kept_by):
        left = f"{'、'.join(gone_by)}不再出具"
        right = f"{'、'.join(kept_by)}仍可开具" + (
            f"（用于{'、'.join(kept_for)}）" if kept_for else ""
        )
    else:
        left = f"办理{'、'.join(gone_for)}已取消" if gone_for else "部分情形已取消"
        right = f"办理{'、'.join(kept_for)}仍需提供" if kept_for else "部分情形仍需提供"
    return f"「{name}」视情况而定：{left}；{right}。请看下方各项的办理事项。"


def not_listed(asked: str) -> str:
    what = f"「{asked}」" if asked else "该证明"
    return f"清单中未找到{what}。{RULE}；{WHERE_TO_ASK}。"


def matter_only(matter: str, items: list[dict]) -> str:
    gone = sum(1 for i in items if i["list"] == "abolished")
    kept = len(items) - gone
    return f"与「{matter}」有关的证明事项：已取消 {gone} 项，仍需提供 {kept} 项，详见下方。"
