"""What a question is about: a certificate, a task, or a certificate for a task.

A phrase the named task explains is the task, not a certificate, when a task verb comes before
it (办居住证, 考教师资格证) or the question asks what is needed (办低保要开哪些证明); so is an
official word a synonym brought in for the task's own everyday word (开店 → 经营场所). The
certificate asked about, if any, then comes from another phrase (租房证明, 普通话证书), and
among its items those of the named task decide. A question is answered as a task when it
names one and asks what it needs, or names one and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from lookup.core.text import han_only, normalise_query
from lookup.search import pinyin
from lookup.search.analysis import Segmenter
from lookup.search.matching import asked_names
from lookup.search.names import GENERIC_WORDS, core
from lookup.search.query import Query, Run
from lookup.search.ranking import NameMatch
from lookup.search.tasks import TaskMatch

# "What do I need": the question asks for a checklist, not about one certificate.
ASKS_WHAT = re.compile(
    r"哪些|哪几|什么|甚么|啥|几样|要准备|需要准备|准备什么|准备啥|准备哪|准备点|带什么|带啥|带点|"
    r"流程|手续|需要些|要些|材料|政策|"
    r"哪办|哪里办|去哪|在哪办|点办|点样|(?:有|能)[^，。]{0,6}(?:补贴|补助|救助|政策|待遇)|"
    r"(?:怎么|怎样|如何|哪能|咋)(?!证明|开证明|开具|开)"  # how to do it, not how to prove
)
# Verbs residents put before a task's name (开 is left out: 开证明 asks for a certificate).
TASK_VERBS = (
    "办理",
    "申请",
    "申领",
    "办",
    "领",
    "考",
    "报",
    "上",
    "评",
    "登记",
    "认证",
    "报销",
    "申报",
    "审批",
    "注册",
    "注销",
    "提取",
    "取",
    "补",
)
FILLERS = "个张份本点些了一条只家"
EXPLAINED = 0.6  # share of a phrase's characters the task's words must account for
SURE = 0.4  # a task named only by words of its name, below this share, is a weak guess
STRONG = 0.8  # a phrase matching a name this well names that certificate as a whole
IN_TASK = 0.25  # a certificate this close counts as asked when the named task lists it


@dataclass(frozen=True)
class Reading:
    q: Query  # the question, its task's phrases taken out of the certificate phrases
    asked: list[NameMatch]  # the certificates asked about (empty: none confidently)
    task: TaskMatch | None  # the task the question names apart from the certificate, if any
    wants_task: bool  # answer with the task's checklist
    task_items: frozenset[int] = frozenset()  # items of every task the same words name
    life_event: bool = False  # asks what a life event needs (老人过世后要办哪些手续)


Rematch = Callable[[Query], list[NameMatch]]


def read(
    q: Query,
    raw: str,
    seg: Segmenter,
    matches: list[NameMatch],
    tasks: list[TaskMatch],
    rematch: Rematch,
) -> Reading:
    """Decide what the question asks, from its name matches and task matches; `rematch`
    matches names again once the task's phrases are taken out (工伤认定医院诊断 → 医院诊断)."""
    tasks = _verbs_first(raw, tasks)
    task = tasks[0] if tasks else None
    asks_what = bool(ASKS_WHAT.search(normalise_query(raw)))
    if task is None:
        asked = asked_names(matches, q)
        event = asks_what and not _names_a_certificate(q, asked) and "证" not in q.text
        return Reading(q, [] if event else asked, None, False, life_event=event)
    phrases = _task_phrases(q, matches, task, asks_what)
    original_q, original = q, matches
    named = {m.run for m in matches if m.confidence >= STRONG}
    stripped = _without(q, phrases, task, named)
    if stripped.runs != q.runs:
        q, matches = stripped, rematch(stripped)
    # 丧葬费 names three tasks at once: the certificate is decided on any of them.
    items = frozenset(i for t in tasks if t.used == task.used for i in t.task.items)
    asked = asked_names(matches, q)
    plain = han_only(normalise_query(raw))
    sure = any(han_only(m.entry.name) in plain for m in asked)
    if not asked or not (sure or items.intersection(i for m in asked for i in m.entry.items)):
        # 辅警报名要无犯罪证明吗: the close name the task lists (无违法犯罪记录证明) is meant;
        # a listed name written out in full (医疗诊断证明) is never traded for a looser one.
        asked = _listed_in_task(q, matches, items) or asked
    if _is_the_task(raw, seg, task):
        return Reading(q, [], task, True, items)  # 居住证, 户口注销, 转学: the task's own name
    if (
        asked
        and not _apart(q, asked, task)
        and not (asks_what and not _names_a_certificate(q, asked))
    ):
        return Reading(q, asked, None, False)  # 居住证明: the "task" only echoes it
    if asked and _names_a_certificate(q, asked):
        return Reading(q, asked, task, False, items)
    weak = task.via == "name" and task.score < SURE and not _has_verb(q.text)
    if not asked and weak and q.asks_certificate:
        before = asked_names(original, original_q)
        if before:  # 家里就一个孩子: 独生子女 names the certificate better than any one task
            return Reading(original_q, before, None, False)
    # The resident's own phrase is a listed certificate's name (计划生育, 学历 beside 高层次人才
    # 认定), or nearly all of one: the certificate is asked about, decided by the task.
    if asked and not asks_what and _own_name(q, asked, matches):
        return Reading(q, asked, task, False, items)
    wants = asks_what or _plainly_the_task(q, raw, seg, tasks)
    return Reading(q, asked, task, wants, items)


def _task_phrases(q: Query, matches: list[NameMatch], task: TaskMatch, asks_what: bool) -> set:
    """The phrases that name the task rather than a certificate: after a task verb, in a
    question asking what is needed, or — without "证明" anywhere — when a verb says the
    resident wants to do something (申请宅基地建房), but not a bare certificate name (养犬)."""
    loose = asks_what or (not q.asks_certificate and _has_verb(q.text))
    return {
        n
        for n, run in enumerate(q.runs)
        if _is_task_phrase(q, run, task)
        and (
            _after_verb(q.text, run)
            or asks_what
            or (loose and not _names_itself(q, run, matches, n))
        )
    }


def _plainly_the_task(q: Query, raw: str, seg: Segmenter, tasks: list[TaskMatch]) -> bool:
    """Without 证明 in it, a question naming a task wants the task when it says little else or
    a verb puts the task's words as what the resident wants to do (申请宅基地建房); not
    自来水过户 (自来水 is another matter) or 去香港玩要办签注 (what is done is 签注)."""
    named = set().union(*(t.used for t in tasks))  # 宅基地建房: two tasks named together
    unexplained = _content(raw, seg) - named
    if len(unexplained) <= 1:
        return True
    said = _verb_names(normalise_query(raw).replace(" ", ""), tasks[0])
    return not q.asks_certificate and (len(unexplained) <= 2 or said)


def _without(q: Query, phrases: set[int], task: TaskMatch, named: set[int]) -> Query:
    """The question with the task's words taken out of its phrases: a phrase the task's own
    everyday word brought in goes (开店 → 经营场所); what is left of a phrase that starts or
    ends with the task's name may still name a certificate (工伤认定医院诊断 → 医院诊断), unless
    the whole phrase names one already (出生医学证明 is not 出生 + 医学)."""
    runs = []
    for n, run in enumerate(q.runs):
        if n in phrases and not q.typed(run):
            continue
        if n in phrases:
            rest = "".join(ch for ch in run.text if ch not in task.used)
            if len(rest) < 2:
                continue
        else:
            rest = run.text if n in named else _strip_task(run.text, task.used)
            rest = rest if len(rest) >= 2 else run.text
        if rest != run.text:
            run = Run(rest, run.head, pinyin.syllables(rest), run.start)
        runs.append(run)
    return replace(q, runs=runs)


def _strip_task(text: str, used: frozenset[str]) -> str:
    """The phrase without a start or an end of two or more characters all from the task."""
    start = 0
    while start < len(text) and text[start] in used:
        start += 1
    end = len(text)
    while end > start and text[end - 1] in used:
        end -= 1
    head, tail = start if start >= 2 else 0, end if len(text) - end >= 2 else len(text)
    return text[head:tail]


def _own_name(q: Query, asked: list[NameMatch], matches: list[NameMatch]) -> bool:
    m = asked[0]
    own = m.run < len(q.runs) and _names_itself(q, q.runs[m.run], matches, m.run)
    typed = m.run < len(q.runs) and q.typed(q.runs[m.run])
    return own or (typed and m.confidence >= STRONG)


def _names_itself(q: Query, run: Run, matches: list[NameMatch], n: int) -> bool:
    """The resident's own phrase is a listed certificate's name without its ending
    (计划生育 for 计划生育证明): it names that certificate, whatever task shares the words."""
    if not q.typed(run):
        return False  # an official word a synonym brought in, not the resident's phrase
    return any(m.run == n and core(m.entry.key) == run.text for m in matches)


def _is_task_phrase(q: Query, run: Run, task: TaskMatch) -> bool:
    source = q.sources.get(run.text, "")
    return _explained(run.text, task.used) or bool(source and _explained(source, task.used))


def _explained(phrase: str, used: frozenset[str]) -> bool:
    return bool(phrase) and sum(ch in used for ch in phrase) / len(phrase) >= EXPLAINED


def _after_verb(text: str, run: Run) -> bool:
    """A task verb comes right before the phrase (办居住证, 考教资, 办个居住证)."""
    before = text[: run.start].replace(" ", "").rstrip(FILLERS)
    return any(before.endswith(verb) for verb in TASK_VERBS)


def _is_the_task(raw: str, seg: Segmenter, task: TaskMatch) -> bool:
    """The question is nothing but the task's name (居住证, 户口注销要哪些证明)."""
    content = _content(raw, seg)
    return bool(content) and task.score >= 1.0 and content <= set(task.task.key)


def _verbs_first(raw: str, tasks: list[TaskMatch]) -> list[TaskMatch]:
    """想办个居住证: the task a verb names comes before one the question merely mentions."""
    text = normalise_query(raw).replace(" ", "")
    return sorted(tasks, key=lambda t: not _verb_names(text, t))


def _verb_names(text: str, task: TaskMatch) -> bool:
    """A task verb comes right before the words that named the task (办个居住证), or right
    after them (临时救助好申请伐)."""
    at = [n for n, ch in enumerate(text) if ch in task.used]
    if not at:
        return False
    before = text[: at[0]].rstrip(FILLERS)
    after = text[at[-1] + 1 :].lstrip("好能可以要去")
    return any(before.endswith(v) or after.startswith(v) for v in TASK_VERBS)


def _has_verb(text: str) -> bool:
    return any(verb in text for verb in TASK_VERBS)


def _apart(q: Query, asked: list[NameMatch], task: TaskMatch) -> bool:
    """The task is named by words of its own, not only by the words that named the asked
    certificate (its characters the question covered, and the everyday word behind them)."""
    named = set(asked[0].matched)
    if asked[0].run < len(q.runs):
        named.update(q.sources.get(q.runs[asked[0].run].text, ""))
    return len(task.used - named) >= 2


def _names_a_certificate(q: Query, asked: list[NameMatch]) -> bool:
    """The question names the asked certificate by a phrase of its own that ends in 证明/证书
    (要开收入证明吗), apart from the task's phrases."""
    return any(m.run < len(q.runs) and q.runs[m.run].head for m in asked)


def _listed_in_task(q: Query, matches: list[NameMatch], items: frozenset[int]) -> list[NameMatch]:
    """A certificate phrase that matches only loosely (医院诊断证明) still names the task's
    own certificate when the named task lists it."""
    for m in matches:
        head = m.run < len(q.runs) and q.runs[m.run].head
        if head and m.confidence >= IN_TASK and items.intersection(m.entry.items):
            return [m]
    return []


def _content(raw: str, seg: Segmenter) -> set[str]:
    """The characters of the question's content words (no filler, no generic 证明, no verb
    that only says "apply for")."""
    skip = seg.vocab.stopwords | GENERIC_WORDS | set(TASK_VERBS)
    words = [w for w, _s, _e in seg.words(han_only(normalise_query(raw)))]
    return {ch for w in words if w not in skip for ch in w}
