"""Tasks (办理事项) as the lists name them: every item belongs to the task its matter names.

A task is the matter text without the qualifiers in brackets at its end (公共租赁住房申请（新就业
人员） is a variant of 公共租赁住房申请) and without a trailing generic verb, so that 居住证办理
and 居住证申领 are one task. Its id is derived from that key: it stays the same across versions
as long as the lists name the task the same way. Items whose matter is empty belong to no task.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from lookup.core.text import normalise_query

_QUALIFIER = re.compile(r"\s*[（(]([^（）()]*)[）)]\s*$")
# Verbs that only say "apply for it": 居住证办理 and 居住证申领 are the same task.
ACTIONS = ("申领", "申请", "办理", "领取", "发放", "核发", "受理")


def split(matter: str) -> tuple[str, tuple[str, ...]]:
    """(base, qualifiers): 住房公积金提取（租赁住房） → (住房公积金提取, (租赁住房,))."""
    text = (matter or "").strip()
    qualifiers: list[str] = []
    while True:
        found = _QUALIFIER.search(text)
        if not found or found.start() == 0:
            break
        qualifiers.insert(0, found.group(1).strip())
        text = text[: found.start()].rstrip()
    return text, tuple(q for q in qualifiers if q)


@lru_cache(maxsize=65536)
def key(matter: str) -> str:
    """What identifies a task: the base, normalised, without a trailing generic verb."""
    base = normalise_query(split(matter)[0]).replace(" ", "")
    for verb in ACTIONS:
        if base.endswith(verb) and len(base) - len(verb) >= 2:
            return base[: -len(verb)]
    return base


@lru_cache(maxsize=65536)
def task_id(matter: str) -> str:
    """A short stable id (`t` + 10 hex digits); "" when the item names no task."""
    k = key(matter)
    return "t" + hashlib.sha1(k.encode("utf-8")).hexdigest()[:10] if k else ""
