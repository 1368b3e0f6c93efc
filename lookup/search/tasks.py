"""The tasks of a version (办理事项) and the task a question names.

`Catalogue` groups a version's items by task (`lookup.lists.tasks`), names each task by the
words the lists use most, puts it in the life events of `life_events.txt`, and matches a
question to tasks: by the words of the task's name the question holds, by everyday names
(`tasks.txt`), and by abbreviation — the question's word spells, in order, one character of
each of several consecutive words of the name (低保 ← 最低 生活保障, 公租房 ← 公共 租赁 住房).
Each word of a name counts by how rare it is among the tasks, so 申请 or 登记 decide nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from lookup.core.text import han_only, normalise_query
from lookup.lists import tasks as rules
from lookup.search.analysis import Segmenter
from lookup.search.names import GENERIC_WORDS
from lookup.search.vocab import Vocabulary

OTHER_EVENT = "其他"
MIN_SCORE = 0.25  # share of a name's weight the question must cover to name the task
MIN_EVIDENCE = 1.5  # and at least this much weight: one rare word, or two common ones
MAX_ABBREVIATION = 4
# Measure words and fillers residents put inside a task's everyday name.
FILLERS = re.compile(r"[个家间条只张份本点些了]")
# Doing something else to the same thing is another task: 社保卡补办 is not 社会保障卡申领.
ACTIONS = (
    ("补办", "补领", "补发", "补证", "挂失", "遗失", "丢失"),
    ("换领", "换发", "换证", "更换"),
    ("年审", "年检", "年度审验", "复审", "审验"),
    ("年报",),
    ("注销", "销户", "停发"),
    ("变更", "更改"),
    ("延期", "续期", "延续"),
)


@dataclass
class Task:
    id: str
    key: str
    name: str  # the base text the lists use most for it
    variants: tuple[str, ...]  # other base texts and the bracketed qualifiers
    items: list[int] = field(default_factory=list)
    events: tuple[str, ...] = ()
    words: tuple[tuple[str, float], ...] = ()  # the name's bigrams and their weights
    label: str = field(default="", repr=False)  # name and variants (`Catalogue._prepare`)
    spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # the key's words
    variant_grams: frozenset[str] = field(default=frozenset(), repr=False)


@dataclass(frozen=True)
class TaskMatch:
    task: Task
    score: float  # share of the name's weight the question covers, 0..1
    evidence: float  # the covered weight itself
    used: frozenset[str]  # characters of the question that named it
    via: str  # "name", "everyday", "abbreviation"


class Catalogue:
    """Every task of one version, with its items and life events, and task matching."""

    def __init__(self, items: list[dict], seg: Segmenter) -> None:
        self.seg = seg
        self.by_id: dict[str, Task] = {}
        self.by_item: list[str] = []
        names: dict[str, Counter] = {}
        for i, item in enumerate(items):
            tid = rules.task_id(item["matter"])
            self.by_item.append(tid)
            if not tid:
                continue
            base, qualifiers = rules.split(item["matter"])
            task = self.by_id.get(tid)
            if task is None:
                task = self.by_id[tid] = Task(tid, rules.key(item["matter"]), base, ())
                names[tid] = Counter()
            task.items.append(i)
            names[tid][base] += 1
            task.variants = tuple(dict.fromkeys((*task.variants, *qualifiers)))
        for tid, counts in names.items():
            task = self.by_id[tid]
            task.name = counts.most_common(1)[0][0]
            others = tuple(b for b in counts if b != task.name)
            task.variants = (*others, *task.variants)
        self._weigh()
        self._place(seg.vocab)
        self._prepare()

    def _prepare(self) -> None:
        """Per task, once: label, key words, variant bigrams; which tasks hold each bigram and
        character (a question is scored only against the tasks it can name)."""
        self._order = {tid: n for n, tid in enumerate(self.by_id)}
        self._by_gram: dict[str, list[str]] = {}
        self._by_char: dict[str, set[str]] = {}
        for task in self.by_id.values():
            task.label = task.name + "".join(task.variants)
            task.spans = tuple((s, e) for _w, s, e in self.seg.words(task.key))
            task.variant_grams = frozenset(g for v in task.variants for g in _bigrams(v))
            for gram in dict.fromkeys(g for g, _w in task.words):
                self._by_gram.setdefault(gram, []).append(task.id)
            for ch in task.key:
                self._by_char.setdefault(ch, set()).add(task.id)

    def _weigh(self) -> None:
        """Each bigram of a task's name weighs log(tasks / tasks whose name holds it)."""
        grams = {t.id: _bigrams(t.key) for t in self.by_id.values()}
        df = Counter(g for gs in grams.values() for g in set(gs))
        n = max(len(grams), 2)
        for task in self.by_id.values():
            task.words = tuple((g, math.log(n / df[g]) + 0.1) for g in grams[task.id])

    def _place(self, vocabulary: Vocabulary) -> None:
        for task in self.by_id.values():
            text = task.name + "".join(task.variants)
            events = [e for e, keys in vocabulary.life_events if any(k in text for k in keys)]
            task.events = tuple(events) or (OTHER_EVENT,)

    def words_of(self, matter: str) -> set[str]:
        """The words (two characters or more) a matter's task name is made of."""
        base = han_only(normalise_query(rules.split(matter)[0]))
        words = {w for w, _s, _e in self.seg.words(base) if len(w) > 1}
        return words | {s for w in words for s in self.seg.sub_words(w)}

    def events(self) -> list[tuple[str, list[Task]]]:
        """Life events in the vocabulary's order, each with its tasks by name (empty ones out)."""
        order = [e for e, _ in self.seg.vocab.life_events] + [OTHER_EVENT]
        grouped = {e: [] for e in order}
        for task in sorted(self.by_id.values(), key=lambda t: t.name):
            for event in task.events:
                grouped.setdefault(event, []).append(task)
        return [(e, ts) for e, ts in grouped.items() if ts]

    def event_named(self, text: str) -> tuple[str, list[Task]] | None:
        """The life event a question names by one of its keywords (死亡 → 身后事), with its
        tasks, the ones with most items first."""
        for event, keys in self.seg.vocab.life_events:
            if any(len(k) >= 2 and k in text for k in keys):
                tasks = [t for t in self.by_id.values() if event in t.events]
                # Tasks whose own name says the event first (not 住房公积金提取 for the variant
                # 缴存职工死亡), then the ones with most items.
                tasks.sort(key=lambda t: (not any(k in t.name for k in keys), -len(t.items)))
                return (event, tasks) if tasks else None
        return None

    def match(self, raw: str, sources: dict[str, str] | None = None) -> list[TaskMatch]:
        """Tasks the question names, best first; `sources` maps the official words the
        question's everyday words stand for (synonyms already applied) to those words."""
        text = han_only(normalise_query(raw))
        if len(text) < 2:
            return []
        evidence, everyday = self._evidence(text, sources or {})
        actions = [group for group in ACTIONS if any(a in text for a in group)]
        words = self._spellings(text)
        found, present = [], _pieces_of(text)
        for task in self._candidates(evidence, words):
            if any(not any(a in task.label for a in group) for group in actions):
                continue
            m = self._score(task, text, evidence, everyday, words, present)
            if m is not None:
                found.append(m)
        # The task that explains most of the question first (港澳台居民办居住证: the 港澳台 one),
        # by its own name before a spelling or an everyday word, then by weight.
        found.sort(
            key=lambda m: (
                -len(m.used),
                m.via != "name",
                -m.evidence * (0.5 + 0.5 * m.score),
                len(m.task.key),
            )
        )
        return found

    def _candidates(self, evidence: list[str], words: list[str]) -> list[Task]:
        """In catalogue order, the tasks with a bigram of their name in the evidence or every
        character of a possible abbreviation in their key: any other covers no weight."""
        ids: set[str] = set()
        for piece in set().union(*(_pieces_of(e) for e in evidence)):
            ids.update(self._by_gram.get(piece, ()))
        for word in (w for w in words if 2 <= len(w) <= MAX_ABBREVIATION):
            ids |= set.intersection(*(self._by_char.get(ch, set()) for ch in word))
        return [self.by_id[tid] for tid in sorted(ids, key=self._order.__getitem__)]

    def _spellings(self, text: str) -> list[str]:
        """Pieces of the question that may abbreviate a name: its words of two characters or
        more, a whole run of content words of at most four characters (办保安证 → 保安证), and
        pieces of runs of single characters jieba could not join (考教资 → 教资)."""
        stop = self.seg.vocab.stopwords
        out, run, singles = [], [], ""
        for word, _s, _e in [*self.seg.words(text), ("。", 0, 0)]:
            content = word not in stop and word not in GENERIC_WORDS and word != "。"
            if content and len(word) == 1:
                singles += word
            else:
                out += _pieces(singles)
                singles = ""
            if content and len(word) >= 2:
                out.append(word)
            if content:
                run.append(word)
            if not content:
                joined = "".join(run)
                if 2 <= len(joined) <= MAX_ABBREVIATION and len(run) > 1:
                    out.append(joined)
                run = []
        return out

    def _evidence(self, text: str, sources: dict[str, str]) -> tuple[list[str], dict]:
        """The question, the official words its everyday words stand for (synonyms) and the
        task words its everyday task names (tasks.txt) stand for; for each, the everyday word
        that brought it in and whether it names a task by itself."""
        evidence, brought = [text, *sources], {t: (a, False) for t, a in sources.items()}
        compact = FILLERS.sub("", text)  # 注册个公司 is 注册公司, 养了条狗 is 养狗
        for alias, targets in self.seg.vocab.task_names.items():
            if alias in text or alias in compact:
                for target in targets:
                    evidence.append(target)
                    brought[target] = (alias, True)
        return evidence, brought

    def _score(self, task, text, evidence, everyday, words, present) -> TaskMatch | None:
        total = sum(w for _g, w in task.words) or 1.0
        covered, used, via = set(), set(), "name"
        for n, (gram, _w) in enumerate(task.words):
            source = next((e for e in evidence if gram in e), None)
            if source is None:
                continue
            covered.add(n)
            if source is text:
                used.update(gram)
            elif source in everyday:
                alias, names_task = everyday[source]
                used.update(alias)
                if names_task:
                    via = "everyday"
        for gram in task.variant_grams & present:  # 跟外国人结婚: 外国人一方 fits better
            used.update(gram)
        spelled = _abbreviation(task.key, words, task.spans)
        if spelled is not None:
            word, first, last = spelled
            gained = {n for n in range(first, last) if n < len(task.words)} - covered
            if gained:
                covered |= gained
                used.update(word)
                via = "abbreviation"
        weight = sum(task.words[n][1] for n in covered)
        score = weight / total
        # An everyday name says which task it means: its share of a long official name may be
        # small (上学 → 义务教育阶段入学). An abbreviation must cover as much as a name would.
        trusted = via == "everyday"
        if weight < MIN_EVIDENCE or (score < MIN_SCORE and not trusted):
            return None
        return TaskMatch(task, round(min(score, 1.0), 3), round(weight, 3), frozenset(used), via)


def _pieces(run: str) -> list[str]:
    return [
        run[i : i + n]
        for n in range(2, min(len(run), MAX_ABBREVIATION) + 1)
        for i in range(len(run) - n + 1)
    ]


def _pieces_of(text: str) -> set[str]:
    """Pieces of one or two characters: a bigram is `in` the text iff it is one of these."""
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def _abbreviation(key: str, words: list[str], spans=()) -> tuple[str, int, int] | None:
    """(word, first, last) when a word of the question spells part of the name by some of its
    characters in order, not contiguously (低保 ← 最低生活保障, 公租房 ← 公共租赁住房, 教资 ←
    教师资格), within a span of at most two characters per character of the word — or of one
    word of the name, from its first character (个税 ← 个人所得税)."""
    best = None
    for word in words:
        if not 2 <= len(word) <= MAX_ABBREVIATION or word in key:
            continue
        position, spots = 0, []
        for ch in word:
            found = key.find(ch, position)
            if found < 0:
                break
            spots.append(found)
            position = found + 1
        else:
            first, last = spots[0], spots[-1]
            one_word = any(s == first and last < e for s, e in spans)
            near = last - first + 1 <= 2 * len(word)
            if (near or one_word) and (best is None or last - first > best[2] - best[1]):
                best = (word, first, last)
    return best
