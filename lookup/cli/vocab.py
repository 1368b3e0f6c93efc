"""`lookup vocab versions|export|publish|rollback`: the search vocabulary from the command line.

The same services as the office's vocabulary pages, audited with the OS user: the lines a
publish adds are checked by the vocabulary's rules, and running servers pick the new
vocabulary up within seconds.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.core import clock
from lookup.core.errors import LookupServiceError
from lookup.lists import vocab_store
from lookup.lists.db import get_session
from lookup.lists.schema import create_schema
from lookup.office import vocab_publishing, vocabularies
from lookup.office.audit import Actor
from lookup.office.vocab_changes import VocabularyRefused

FOLDER = click.Path(file_okay=False, path_type=Path)


@click.group("vocab")
def vocab_group() -> None:
    """The search vocabulary (synonyms, dictionary, filler words, look-alikes, tasks)."""


@vocab_group.command("versions")
@with_appcontext
def vocab_versions() -> None:
    """List the published vocabulary versions, newest first, and the one in effect."""
    create_schema(current_app)
    session = get_session()
    current = vocab_store.current_number(session)
    lines = []
    for v in vocab_store.versions(session):
        mark = "  （正在使用）" if v["number"] == current else ""
        lines.append(
            f"词表版本 {v['number']}  {clock.beijing(v['published_at'])}  {v['author']}  "
            f"{v['note'] or vocab_publishing.describe_changes(v['changes'])}{mark}"
        )
    mark = "  （正在使用）" if current == vocabularies.SHIPPED else ""
    lines.append(f"词表版本 0  {vocabularies.SHIPPED_LABEL}{mark}")
    click.echo("\n".join(lines))


@vocab_group.command("export")
@click.argument("folder", type=FOLDER)
@click.option("--version", "number", type=click.IntRange(min=0), help="Default: the one in effect.")
@with_appcontext
@reports_errors
def vocab_export(folder: Path, number: int | None) -> None:
    """Write the vocabulary files in effect (or of version NUMBER) into FOLDER."""
    create_schema(current_app)
    if number is None:
        number, texts = vocabularies.in_effect(current_app)
    else:
        texts = vocabularies.texts_of(current_app, number)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (folder / name).write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise LookupServiceError(
            f"无法写入 {folder}：{exc.strerror or exc}。", "bad_path"
        ) from None
    click.echo(f"已将词表版本 {number} 的 {len(texts)} 个文件导出到 {folder}。")


@vocab_group.command("publish")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--note", default="", help="What the change is for.")
@click.option("--author", default=None, help="Who publishes (default: OS user).")
@with_appcontext
@reports_errors
def vocab_publish(folder: Path, note: str, author: str | None) -> None:
    """Publish the vocabulary files in FOLDER (as `lookup vocab export` writes them)."""
    create_schema(current_app)
    try:
        number = vocab_publishing.publish_folder(
            current_app, folder, actor=Actor.command_line(author), note=note, progress=say
        )
    except VocabularyRefused as exc:
        click.echo("错误：以下新增的行不符合词表规则，未做任何更改：", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem.message}", err=True)
        raise SystemExit(1) from None
    click.echo(f"已发布检索词表第 {number} 版，运行中的服务将在几秒内使用。")


@vocab_group.command("rollback")
@click.argument("number", type=click.IntRange(min=0))
@click.option("--author", default=None, help="Who rolls back (default: OS user).")
@with_appcontext
@reports_errors
def vocab_rollback(number: int, author: str | None) -> None:
    """Publish vocabulary version NUMBER's content again (0: the shipped files)."""
    create_schema(current_app)
    new = vocab_publishing.roll_back(
        current_app, number, actor=Actor.command_line(author), progress=say, build=True
    )
    click.echo(f"已将词表版本 {number} 的内容发布为检索词表第 {new} 版。")


COMMANDS = (vocab_group,)
