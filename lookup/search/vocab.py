"""The domain vocabulary: synonyms, user dictionary, filler words, look-alikes, tasks, events.

The shipped files in data/vocab are the defaults; the office publishes versions of the same
files' texts in the store. Either way the texts are parsed here (`from_texts`), and `digest`
is taken over the texts, so an index built with one vocabulary is never used with another.
"""

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


def lines(text: str) -> list[str]:
    """A file's entries as the search reads them: comments and blank lines dropped, the rest
    width-folded, simplified and lower-cased."""
    out = []
    for raw in text.splitlines():
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


def read_texts(directory: str | Path) -> dict[str, str]:
    """The texts of the vocabulary files in a folder; a missing file is an empty text."""
    directory = Path(directory)
    texts = {}
    for name in FILES:
        path = directory / name
        # Bytes, not read_text: the digest must see the file as it is (no newline translation).
        texts[name] = path.read_bytes().decode("utf-8") if path.exists() else ""
    return texts


def digest_of(texts: dict[str, str]) -> str:
    """The vocabulary's fingerprint: over each file's name and text (missing = empty)."""
    digest = hashlib.sha1()
    for name in FILES:
        digest.update(name.encode())
        digest.update((texts.get(name) or "").encode("utf-8"))
    return digest.hexdigest()[:12]


def from_texts(texts: dict[str, str]) -> Vocabulary:
    """Parse the files' texts (keys of FILES; missing ones mean empty vocabularies)."""

    def entries(name: str) -> list[str]:
        return lines(texts.get(name) or "")

    userdict = tuple(entries(USERDICT))
    return Vocabulary(
        synonyms=parse_synonyms(entries(SYNONYMS)),
        userdict_words=tuple(line.split()[0] for line in userdict),
        userdict_lines=userdict,
        stopwords=frozenset(entries(STOPWORDS)),
        lookalikes=parse_lookalikes(entries(LOOKALIKES)),
        task_names=parse_synonyms(entries(TASKS)),
        life_events=parse_life_events(entries(LIFE_EVENTS)),
        digest=digest_of(texts),
    )


def load(directory: str | Path) -> Vocabulary:
    """Read the files of a folder; missing files mean empty vocabularies, never an error."""
    return from_texts(read_texts(directory))
