"""The vocabulary's rules (data/vocab/README.md), checked on lines added to a vocabulary.

The same rules tests/search/test_vocabulary.py enforces on the shipped files: an alias is a
word or a short phrase (at most 5 characters), a target is a word the published lists use (a
task's target, a word of their 办理事项), no alias is written twice, no filler word carries
meaning, and a character belongs to one look-alike group. Only added lines are checked: a
vocabulary made for earlier lists keeps its older lines until the office changes them.
Every problem is a Chinese sentence that says what to change.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lookup.core.text import is_han, normalise_query
from lookup.search import vocab

MAX_ALIAS = 5
MAX_TARGET = 20
NEGATIONS = frozenset("无没不非未")
WORD = re.compile(r"[\w\u3400-\u9fff]+")
SYMBOLS = re.compile(r"[#=<>]")
FILE_LABELS = {
    vocab.SYNONYMS: "同义词表",
    vocab.TASKS: "办事说法表",
    vocab.STOPWORDS: "停用词表",
    vocab.LOOKALIKES: "形近字表",
    vocab.USERDICT: "分词词典",
    vocab.LIFE_EVENTS: "一件事分类",
}


@dataclass(frozen=True)
class Problem:
    """One thing to change; `field` is the form field it belongs to (words or targets)."""

    field: str
    message: str


def plain(text: str) -> str:
    """Text as the search compares it: NFKC, simplified, lower-case, no punctuation or spaces."""
    return normalise_query(unicodedata.normalize("NFKC", text)).replace(" ", "")


@dataclass(frozen=True)
class ListText:
    """What the published lists say, as the rules look it up."""

    everything: str  # every text field of every item
    matters: str
    names: tuple[str, ...]
    fields: frozenset[str]  # each field's whole text

    @classmethod
    def of(cls, items: Iterable[dict]) -> ListText:
        texts, matters, names = set(), set(), set()
        for item in items:
            texts.update(v for v in item.values() if isinstance(v, str) and v)
            matters.add(item.get("matter") or "")
            names.add(item.get("name") or "")
        return cls(
            everything="\n".join(plain(t) for t in sorted(texts)),
            matters="\n".join(plain(m) for m in sorted(matters)),
            names=tuple(sorted(plain(n) for n in names if n)),
            fields=frozenset(plain(t) for t in texts),
        )


def mapping_entries(text: str) -> list[tuple[list[str], str]]:
    """(left-hand words, the whole line) of each `… => …` line of a file."""
    out = []
    for line in vocab.lines(text):
        if "=>" in line:
            left = line.split("=>", 1)[0].replace(",", " ").replace("，", " ")
            out.append((left.split(), line))
    return out


def _shown(line: str, limit: int = 40) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_aliases(aliases: list[str], new_line: str, file_text: str, label: str) -> list[Problem]:
    """Aliases of a new `… => …` line against the file it goes into (already holding it)."""
    problems = []
    seen: dict[str, list[str]] = {}
    for words, line in mapping_entries(file_text):
        for word in words:
            seen.setdefault(word, []).append(line)
    for alias in dict.fromkeys(aliases):
        if not WORD.fullmatch(alias):
            problems.append(
                Problem("words", f"“{alias}”含有标点或符号：说法只能由汉字、字母或数字组成。")
            )
            continue
        if len(alias) > MAX_ALIAS:
            problems.append(
                Problem(
                    "words",
                    f"“{alias}”超过 {MAX_ALIAS} 个字：只写词或短语，不写整句话或某个提问"
                    "（例如写“狗证”，不写“办狗证要什么”）。",
                )
            )
        lines = seen.get(alias, [])
        if aliases.count(alias) > 1:
            problems.append(Problem("words", f"“{alias}”在这一条里写了两次。"))
        elif len(lines) > 1:
            other = next((line for line in lines if line != new_line), new_line)
            problems.append(
                Problem(
                    "words",
                    f"“{alias}”已写在{label}中（“{_shown(other)}”），同一个说法只写一次。",
                )
            )
    return problems


def check_targets(targets: list[str], aliases: list[str], text: str, what: str) -> list[Problem]:
    """Targets must be words the lists use (`text`: all their text, or their 办理事项)."""
    problems = []
    for target in dict.fromkeys(targets):
        if not plain(target) or len(target) > MAX_TARGET or SYMBOLS.search(target):
            problems.append(
                Problem(
                    "targets",
                    f"“{target}”不是一个词：规范词不超过 {MAX_TARGET} 个字，不含 # = 等符号。",
                )
            )
        elif plain(target) not in text:
            problems.append(
                Problem(
                    "targets",
                    f"“{target}”不是当前发布的清单{what}里使用的词：规范词必须在清单中实际出现，"
                    "否则扩展了也查不到。",
                )
            )
    if targets and aliases and all(set(targets) <= {alias} for alias in aliases):
        problems.append(Problem("targets", "说法和规范词相同，这一条不起作用。"))
    return problems


def check_mapping(file: str, line: str, new_text: str, lists: ListText) -> list[Problem]:
    """An added line of synonyms.txt or tasks.txt."""
    if "=>" not in line:
        return [Problem("words", "格式应为“说法1 说法2 => 规范词1 规范词2”。")]
    left, right = line.split("=>", 1)
    aliases = left.replace(",", " ").replace("，", " ").split()
    targets = right.replace(",", " ").replace("，", " ").split()
    problems = []
    if not aliases:
        problems.append(Problem("words", "请填写群众的说法。"))
    if not targets:
        problems.append(Problem("targets", "请填写清单中的规范词。"))
    problems += check_aliases(aliases, line, new_text, FILE_LABELS[file])
    if file == vocab.TASKS:
        problems += check_targets(targets, aliases, lists.matters, "办理事项")
    else:
        problems += check_targets(targets, aliases, lists.everything, "证明名称、办理事项等文字")
    return problems


def check_filler(word: str, texts: dict[str, str], lists: ListText) -> list[Problem]:
    """An added filler word (stopwords.txt) that must not change what a question means."""

    def refuse(message: str) -> list[Problem]:
        return [Problem("words", message)]

    if not WORD.fullmatch(word) or len(word) > MAX_ALIAS:
        return refuse(
            f"“{word}”不是一个词：停用词只写语气词、填充词，不超过 {MAX_ALIAS} 个字，不含标点。"
        )
    if word in NEGATIONS:
        return refuse(f"“{word}”是否定词，不能作为停用词：否则“无犯罪记录”“无房”的意思就变了。")
    if word == "证明":
        return refuse("“证明”几乎出现在每个证明名称里，由检索程序单独处理，不能作为停用词。")
    if vocab.lines(texts.get(vocab.STOPWORDS, "")).count(word) > 1:
        return refuse(f"“{word}”已在停用词表中。")
    name = next((n for n in lists.names if plain(word) in n), None)
    if name is not None or plain(word) in lists.fields:
        where = f"证明名称“{name}”" if name else "清单的文字"
        return refuse(f"“{word}”出现在{where}中，是有意义的词，不能作为停用词。")
    for file in (vocab.SYNONYMS, vocab.TASKS):
        for words, line in mapping_entries(texts.get(file, "")):
            right = line.split("=>", 1)[1].split()
            if word in words or word in right:
                return refuse(
                    f"“{word}”是{FILE_LABELS[file]}中的词（“{_shown(line)}”），有意义，不能作为停用词。"
                )
    return []


def check_lookalikes(group: str, new_text: str) -> list[Problem]:
    """An added look-alike group: two or more distinct Han characters, each in one group."""
    chars = [ch for ch in group if not ch.isspace()]
    if len(set(chars)) < 2:
        return [Problem("words", "形近字组至少要有两个不同的字，例如“拔拨”。")]
    problems = []
    strangers = [ch for ch in dict.fromkeys(chars) if not is_han(ch)]
    if strangers:
        problems.append(Problem("words", f"形近字组只收汉字：“{'”“'.join(strangers)}”不是汉字。"))
    if len(set(chars)) < len(chars):
        problems.append(Problem("words", "同一个字在这一组里写了两次。"))
    groups = vocab.lines(new_text)
    for ch in dict.fromkeys(chars):
        holders = [g for g in groups if ch in g]
        if len(holders) > 1:
            other = next((g for g in holders if set(g) != set(chars)), holders[0])
            problems.append(
                Problem("words", f"“{ch}”已在形近字组“{other}”中，每个字只能属于一组。")
            )
    return problems


def check_line(file: str, line: str, texts: dict[str, str], lists: ListText) -> list[Problem]:
    """An added (normalised) line of one of the files, in the vocabulary `texts` holding it."""
    if file in (vocab.SYNONYMS, vocab.TASKS):
        return check_mapping(file, line, texts.get(file, ""), lists)
    if file == vocab.STOPWORDS:
        return check_filler(line, texts, lists)
    if file == vocab.LOOKALIKES:
        return check_lookalikes(line, texts.get(file, ""))
    if file == vocab.USERDICT:
        return check_userdict(line, lists)
    return check_life_event(line, lists)


def added_lines(new: str, old: str) -> list[str]:
    """The (normalised) lines of `new` that `old` does not have, in order."""
    left = Counter(vocab.lines(old))
    out = []
    for line in vocab.lines(new):
        if left[line]:
            left[line] -= 1
        else:
            out.append(line)
    return out


def check_added(
    new: dict[str, str], old: dict[str, str], lists: ListText
) -> list[tuple[str, str, Problem]]:
    """(file, line, problem) for every added line of every file that breaks a rule."""
    found = []
    for file in vocab.FILES:
        for line in added_lines(new.get(file, ""), old.get(file, "")):
            found += [(file, line, p) for p in check_line(file, line, new, lists)]
    return found


def check_userdict(line: str, lists: ListText) -> list[Problem]:
    parts = line.split()
    problems = []
    if len(parts) > 1 and not parts[1].isdigit():
        problems.append(Problem("words", f"“{line}”的词频应是整数，例如“{parts[0]} 3000 n”。"))
    if len(parts[0]) > MAX_ALIAS and plain(parts[0]) not in lists.everything:
        problems.append(
            Problem("words", f"“{parts[0]}”超过 {MAX_ALIAS} 个字，又不是清单中出现的词。")
        )
    return problems


def check_life_event(line: str, lists: ListText) -> list[Problem]:
    if "=>" not in line:
        return [Problem("words", "格式应为“一件事 => 关键词1 关键词2”。")]
    event, keys = line.split("=>", 1)
    if not any(plain(k) in lists.matters for k in keys.split()):
        return [Problem("words", f"“{event.strip()}”的关键词都不在办理事项中，不会归入任何事项。")]
    return []
