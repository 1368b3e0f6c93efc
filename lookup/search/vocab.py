"""The domain vocabulary the office edits in data/vocab: synonyms, user dictionary, filler words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lookup.core.text import fold_width, to_simplified

SYNONYMS = "synonyms.txt"
USERDICT = "userdict.txt"
STOPWORDS = "stopwords.txt"
LOOKALIKES = "lookalikes.txt"
TASKS = "tasks.txt"
LIFE_EVENTS = "life_events.txt"
FILES = (SYNONYMS, USERDICT, STOPWORDS, LOOKALIKES, TASKS, LIFE_EVENTS)


@dataclass
class Vocabulary:
    """Everything an index version is built with, besides the items; `digest` names it."""

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    userdict_path: Path | None = None
    userdict_words: tuple[str, ...] = ()
    userdict_lines: tuple[str, ...] = ()  # `word [freq] [tag]`, comments dropped, normalised
    stopwords: frozenset[str] = frozenset()
    lookalikes: dict[str, str] = field(default_factory=dict)
    task_names: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # everyday → 办理事项 words
    life_events: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (一件事, keywords), in order
    digest: str = ""

    @property
    def max_alias(self) -> int:
        return max((len(a) for a in self.synonyms), default=0)


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(to_simplified(fold_width(line)).lower())
    return out


def parse_synonyms(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """`口语1 口语2 => 规范1 规范2`: each alias maps to all the canonical words.

    An alias listed on the right too (失业 in `没工作 失业 => 就业 失业`) is kept beside its
    expansions, since it is an official word itself."""
    mapping: dict[str, list[str]] = {}
    for line in lines:
        if "=>" not in line:
            continue
        left, right = line.split("=>", 1)
        targets = [w for w in right.replace(",", " ").replace("，", " ").split() if w]
        for alias in left.replace(",", " ").replace("，", " ").split():
            bucket = mapping.setdefault(alias, [])
            bucket.extend(t for t in targets if t not in bucket)
    return {alias: tuple(targets) for alias, targets in mapping.items() if set(targets) - {alias}}


def parse_lookalikes(lines: list[str]) -> dict[str, str]:
    """Each line a group of characters people confuse by shape (人入, 税锐说); all map to the
    group's first character."""
    table: dict[str, str] = {}
    for line in lines:
        chars = [ch for ch in line if not ch.isspace()]
        for ch in chars[1:]:
            table.setdefault(ch, chars[0])
        if chars:
            table.setdefault(chars[0], chars[0])
    return table


def parse_life_events(lines: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`一件事 => 关键词 关键词`: a task belongs to every event whose keyword its name holds."""
    events = []
    for line in lines:
        if "=>" in line:
            left, right = line.split("=>", 1)
            events.append((left.strip(), tuple(right.split())))
    return tuple(events)


def load(directory: str | Path) -> Vocabulary:
    """Read the files; missing files mean empty vocabularies, never an error."""
    directory = Path(directory)
    digest = hashlib.sha1()
    for name in FILES:
        path = directory / name
        digest.update(name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    userdict = directory / USERDICT
    lines = tuple(_lines(userdict))
    words = tuple(line.split()[0] for line in lines)
    return Vocabulary(
        synonyms=parse_synonyms(_lines(directory / SYNONYMS)),
        userdict_path=userdict if userdict.exists() else None,
        userdict_words=words,
        userdict_lines=lines,
        stopwords=frozenset(_lines(directory / STOPWORDS)),
        lookalikes=parse_lookalikes(_lines(directory / LOOKALIKES)),
        task_names=parse_synonyms(_lines(directory / TASKS)),
        life_events=parse_life_events(_lines(directory / LIFE_EVENTS)),
        digest=digest.hexdigest()[:12],
    )
