"""A vocabulary change the office proposes from a failed query: what it is, its rules, its text.

A proposal is one kind of line for one vocabulary file: a synonym for a certificate
(synonyms.txt), an everyday name of a task (tasks.txt), filler words (stopwords.txt) or a group
of look-alike characters (lookalikes.txt). `parse` reads a form, `check` applies the
vocabulary's rules (`lookup.search.vocab_rules`) against the published lists and refuses with
every problem at once, and `apply` returns the vocabulary's texts with the new lines added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lookup.core.errors import LookupServiceError
from lookup.core.text import fold_width, to_simplified
from lookup.search import vocab, vocab_rules
from lookup.search.vocab_rules import ListText, Problem

# kind → (label, file, label of the words, label of the targets or "")
KINDS = {
    "synonym": ("证明的同义词", vocab.SYNONYMS, "群众的说法", "清单中的规范词"),
    "task": ("办事说法", vocab.TASKS, "群众对办事的叫法", "办理事项中的词"),
    "filler": ("停用词（语气词、填充词）", vocab.STOPWORDS, "停用词", ""),
    "lookalike": ("形近字", vocab.LOOKALIKES, "一组形近字", ""),
}
MAX_FIELD = 200
MAX_WORDS = 10
MAX_QUERY = 100
_SPLIT = re.compile(r"[\s,，、;；]+")


class VocabularyRefused(LookupServiceError):
    """A vocabulary change that breaks the vocabulary's rules; `problems` lists each one."""

    code = "vocabulary_refused"
    status = 422

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("词表修改未通过检查：" + "；".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Proposal:
    """One change: `words` (aliases, filler words, or the look-alike characters as one
    string) and, for synonyms and task names, `targets`; `query` is the failed query."""

    kind: str
    words: tuple[str, ...]
    targets: tuple[str, ...] = ()
    query: str = ""

    @property
    def file(self) -> str:
        return KINDS[self.kind][1]

    def lines(self) -> list[str]:
        """The lines the change adds to its file."""
        if self.kind in ("synonym", "task"):
            return [f"{' '.join(self.words)} => {' '.join(self.targets)}"]
        if self.kind == "lookalike":
            return ["".join(self.words)]
        return list(self.words)

    def describe(self) -> str:
        """One line for the version's note and the audit log."""
        label = KINDS[self.kind][0]
        text = f"{label}：{'；'.join(self.lines())}"
        return f"{text}（来自查询“{self.query}”）" if self.query else text

    def as_form(self) -> dict[str, str]:
        """The form fields that make this proposal again (the preview's publish button)."""
        words = "".join(self.words) if self.kind == "lookalike" else " ".join(self.words)
        return {
            "kind": self.kind,
            "words": words,
            "targets": " ".join(self.targets),
            "query": self.query,
        }


def _normal(text: str) -> str:
    return to_simplified(fold_width(text or "")).lower().strip()


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(_normal(text)) if w]


def parse(form: Mapping[str, str]) -> Proposal:
    """A proposal from form fields `kind`, `words`, `targets`, `query`; refuses what cannot
    even be read (every problem at once)."""
    kind = (form.get("kind") or "").strip()
    problems = []
    if kind not in KINDS:
        problems.append(
            Problem("kind", "请选择要添加的内容：证明的同义词、办事说法、停用词或形近字。")
        )
        kind = "synonym"
    raw_words, raw_targets = form.get("words") or "", form.get("targets") or ""
    for name, raw in (("words", raw_words), ("targets", raw_targets)):
        if len(raw) > MAX_FIELD:
            problems.append(Problem(name, f"内容太长：不超过 {MAX_FIELD} 个字。"))
    label, _file, words_label, targets_label = KINDS[kind]
    if kind == "lookalike":
        words = [ch for ch in _normal(raw_words) if not ch.isspace() and ch not in ",，、"]
    else:
        words = _words(raw_words)
    targets = _words(raw_targets) if targets_label else []
    if not words:
        problems.append(Problem("words", f"请填写{words_label}。"))
    elif kind != "lookalike" and len(words) > MAX_WORDS:
        problems.append(Problem("words", f"{words_label}一次最多写 {MAX_WORDS} 个。"))
    if targets_label and not targets:
        problems.append(Problem("targets", f"请填写{targets_label}。"))
    elif len(targets) > MAX_WORDS:
        problems.append(Problem("targets", f"{targets_label}一次最多写 {MAX_WORDS} 个。"))
    if problems:
        raise VocabularyRefused(problems)
    query = " ".join((form.get("query") or "").split())[:MAX_QUERY]
    return Proposal(kind, tuple(words), tuple(targets), query)


def apply(proposal: Proposal, texts: dict[str, str]) -> dict[str, str]:
    """The vocabulary's texts with the proposal's lines added at the end of its file."""
    new = dict(texts)
    text = new.get(proposal.file) or ""
    if text and not text.endswith("\n"):
        text += "\n"
    new[proposal.file] = text + "".join(f"{line}\n" for line in proposal.lines())
    return new


def check(proposal: Proposal, texts: dict[str, str], items: list[dict]) -> dict[str, str]:
    """The vocabulary with the proposal applied, when every added line keeps the rules;
    otherwise VocabularyRefused with every problem."""
    new = apply(proposal, texts)
    lists = ListText.of(items)
    problems: list[Problem] = []
    for line in proposal.lines():
        for problem in vocab_rules.check_line(proposal.file, line, new, lists):
            if problem not in problems:
                problems.append(problem)
    if problems:
        raise VocabularyRefused(problems)
    return new
