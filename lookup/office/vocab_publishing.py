"""Publishing the search vocabulary: a proposal, a folder of files, or a rollback.

Every way ends in `publish`: under the publish lease (no list publish interleaves), a new
vocabulary version is stored as `building`, the index of the published lists is built with it
on this node, and it is marked published; every node's follower then loads an engine for it
(building its own index in the background where it has none). Lists larger than a follower
loads on the request path are not indexed inside a web request: followers build it aside.
Versions are never changed: a rollback publishes an earlier version's texts (or the shipped
files: version 0) as a new one. Web and command line audit alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from lookup.core.errors import Conflict, LookupServiceError
from lookup.lists import store, vocab_store
from lookup.lists.db import session_factory
from lookup.office import audit, publishing, vocabularies
from lookup.office.audit import Actor
from lookup.office.vocab_changes import Proposal, VocabularyRefused, check
from lookup.search import indexer, vocab, vocab_rules
from lookup.search.analysis import get_segmenter
from lookup.search.following import SYNC_LOAD_MAX_ITEMS
from lookup.search.vocab_rules import FILE_LABELS, ListText

Progress = Callable[[str], None]
SHOWN_LINES = 20  # changed lines kept per file in a version's summary
MAX_NOTE = 500


def changes(new: dict[str, str], old: dict[str, str]) -> dict:
    """Per changed file: lines added and removed (normalised, at most SHOWN_LINES each)."""
    out = {}
    for name in vocab.FILES:
        added = vocab_rules.added_lines(new.get(name, ""), old.get(name, ""))
        removed = vocab_rules.added_lines(old.get(name, ""), new.get(name, ""))
        if added or removed:
            out[name] = {
                "added": added[:SHOWN_LINES],
                "removed": removed[:SHOWN_LINES],
                "n_added": len(added),
                "n_removed": len(removed),
            }
    return out


def describe_changes(summary: dict) -> str:
    """What a version changed, in one Chinese line (the audit log, the command line)."""
    parts = []
    for name, c in summary.items():
        text = f"{FILE_LABELS.get(name, name)}新增 {c['n_added']} 行、删除 {c['n_removed']} 行"
        if c["n_added"] == 1 and not c["n_removed"]:
            text = f"{FILE_LABELS.get(name, name)}新增“{c['added'][0]}”"
        parts.append(text)
    return "；".join(parts) or "内容与上一版相同"


def stale(current: int, base: int) -> Conflict:
    return Conflict(
        f"检索词表已有新版本（第 {current} 版），这项修改是按第 {base} 版预览的："
        "请重新预览后再发布。"
    )


def publish(
    app: Flask,
    files: dict[str, str] | None,
    *,
    actor: Actor,
    note: str,
    source: str,
    base: int | None = None,
    action: str = "vocab_publish",
    progress: Progress | None = None,
    build: bool | None = None,
) -> int:
    """Publish `files` (None: the shipped files) as the vocabulary every node searches with.

    With `base`, refused when another vocabulary was published since the proposal was made.
    `build`: index the published lists here first (default: when they are small enough to be
    indexed within a web request; the command line always does).
    """
    say = progress or (lambda _m: None)
    home = Path(app.config["LOOKUP_HOME"])
    texts = files if files is not None else vocabularies.shipped_texts(app)
    vocabulary = vocab.from_texts(texts)
    with (
        session_factory(app)() as session,
        publishing.publish_lease(session, f"{actor.name}：词表"),
    ):
        vocab_store.discard_unfinished(session)
        current, old = vocabularies.in_effect(app, session)
        if base is not None and current != base:
            raise stale(current, base)
        summary = changes(texts, old)
        number = vocab_store.create(
            session,
            files,
            digest=vocabulary.digest,
            note=note[:MAX_NOTE],
            author=actor.name,
            source=source,
            changes=summary,
        )
        try:
            lists_version = store.current_version(session)
            items = store.items_of(lists_version, session=session) if lists_version else []
            if build is None:
                build = len(items) <= SYNC_LOAD_MAX_ITEMS
            if items and build:
                say(f"按新词表建立索引（清单版本 {lists_version}）")
                seg = get_segmenter(vocabulary, home / "cache")
                with indexer.build_lock(home):
                    indexer.build(home, lists_version, items, seg, progress=say)
            vocab_store.mark_published(session, number)
        except BaseException:
            vocab_store.mark_failed(session, number)
            raise
    audit.record(
        action, f"检索词表第 {number} 版：{note or describe_changes(summary)}", actor=actor, app=app
    )
    say(f"已发布检索词表第 {number} 版")
    return number


def publish_proposal(app: Flask, proposal: Proposal, *, base: int, actor: Actor) -> int:
    """Check a proposal against the vocabulary in effect and the published lists; publish it."""
    with session_factory(app)() as session:
        current, texts = vocabularies.in_effect(app, session)
        items = store.items_of(store.current_version(session), session=session)
    if current != base:
        raise stale(current, base)
    new = check(proposal, texts, items)
    return publish(app, new, actor=actor, note=proposal.describe(), source="proposal", base=base)


def roll_back(
    app: Flask,
    number: int,
    *,
    actor: Actor,
    progress: Progress | None = None,
    build: bool | None = None,
) -> int:
    """Publish an earlier vocabulary version's texts (0: the shipped files) as a new version."""
    if number == vocabularies.SHIPPED:
        files, note = None, f"恢复为{vocabularies.SHIPPED_LABEL}"
    else:
        with session_factory(app)() as session:
            row = vocab_store.get(session, number)
        if row is None:
            raise vocabularies.unknown(number)
        files, note = row["files"], f"回滚到检索词表第 {number} 版的内容"
    return publish(
        app,
        files,
        actor=actor,
        note=note,
        source=f"rollback:{number}",
        action="vocab_rollback",
        progress=progress,
        build=build,
    )


def read_folder(folder: Path) -> dict[str, str]:
    """The vocabulary files of a folder; every file must be there (a missing one would empty
    that part of the vocabulary)."""
    missing = [name for name in vocab.FILES if not (folder / name).is_file()]
    if missing:
        raise LookupServiceError(
            f"{folder} 中缺少 {'、'.join(missing)}：请先用 `lookup vocab export` 导出全部词表文件，"
            "修改后再发布。",
            "vocabulary_incomplete",
        )
    try:
        return vocab.read_texts(folder)
    except UnicodeDecodeError as exc:
        raise LookupServiceError(
            f"词表文件应为 UTF-8 编码：{exc.reason}。", "bad_encoding"
        ) from None


def publish_folder(
    app: Flask, folder: Path, *, actor: Actor, note: str, progress: Progress | None = None
) -> int:
    """Publish a folder of vocabulary files; the lines they add must keep the rules."""
    texts = read_folder(folder)
    with session_factory(app)() as session:
        current, old = vocabularies.in_effect(app, session)
        items = store.items_of(store.current_version(session), session=session)
    problems = vocab_rules.check_added(texts, old, ListText.of(items))
    if problems:
        raise VocabularyRefused(
            [
                vocab_rules.Problem(p.field, f"{name} “{line}”：{p.message}")
                for name, line, p in problems
            ]
        )
    if texts == old:
        raise Conflict(f"{folder} 中的词表与正在使用的第 {current} 版相同，无需发布。")
    return publish(
        app,
        texts,
        actor=actor,
        note=note,
        source=f"files:{folder.name}"[:200],
        base=current,
        progress=progress,
        build=True,  # the command line waits for the index, whatever the size
    )
