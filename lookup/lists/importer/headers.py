"""Header cells → item fields: the known variants of every column heading and how they match.

Matching works on ``header_key`` (NFKC, all whitespace removed, so ``证 明 名 称`` and
``索要\\n单位`` match) in three steps, first hit wins:

1. exact match with a variant;
2. exact match after dropping a bracketed qualifier (``设定依据（法律法规名称）`` → ``设定依据``);
3. containment: the *longest* variant contained in the header wins, ties go to the one that
   appears first. So the combined heading ``证明名称及用途`` maps to ``name`` (the longer, earlier
   variant) – the caller can override any heading with ``column_map``.
"""

from __future__ import annotations

import re

from lookup.lists.importer.normalise import header_key

SEQ = "seq"
IGNORE = "ignore"

VARIANTS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "name": ("证明名称", "证明事项名称", "证明材料名称", "证明事项", "证明材料"),
    "matter": (
        "证明用途",
        "办理事项",
        "办理项目",
        "涉及事项",
        "用途",
        "适用事项",
        "涉及的办事事项",
    ),
    "requiring_department": ("索要单位", "索取单位", "实施机关", "索要部门"),
    "issuing_authority": ("开具单位", "出具单位", "开具部门"),
    "basis": ("设定依据", "依据条文及内容", "设定及保留依据", "依据"),
    "replacement": (
        "取消后办理方式",
        "取消后的办理方式",
        "取消替代方式",
        "替代方式",
        "办理方式",
        "取消后替代方式",
    ),
    "note": ("备注",),
}

_EXACT = {header_key(v): f for f, vs in VARIANTS.items() for v in vs}
_BY_LENGTH = sorted(_EXACT.items(), key=lambda kv: -len(kv[0]))
_BRACKETED = re.compile(r"[(\[【].*?[)\]】]")


def match_header(text: str) -> str | None:
    """The field a header cell names, or None when it is not a known heading."""
    key = header_key(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    bare = _BRACKETED.sub("", key)
    if bare in _EXACT:
        return _EXACT[bare]
    hits = [(len(v), -key.find(v), f) for v, f in _BY_LENGTH if v in key]
    return max(hits)[2] if hits else None


def resolve(text: str, column_map: dict[str, str] | None) -> str | None:
    """Apply the caller's ``column_map`` first (header text → field or "ignore"), then variants."""
    if column_map:
        key = header_key(text)
        for given, target in column_map.items():
            if header_key(given) == key:
                return target
    return match_header(text)


def score_row(cells: list[str]) -> tuple[int, bool]:
    """How header-like a row is: distinct known fields, and whether ``name`` is among them."""
    found = {match_header(c) for c in cells if c and len(c) <= 40}
    found.discard(None)
    return len(found), "name" in found


def expected_headers() -> str:
    """The headings we look for, for the "no header row found" message."""
    return "、".join(f"「{vs[0]}」" for f, vs in VARIANTS.items() if f != SEQ)
