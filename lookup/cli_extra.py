"""`lookup backup FILE` and `lookup restore FILE` (thin wrappers over lookup.backup)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import backup
from .errors_base import LookupServiceError


def _counts(counts: dict[str, int]) -> str:
    return "，".join(f"{name} {n} 行" for name, n in counts.items() if n) or "无数据"


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write the whole store to FILE (gzip'd JSON lines, portable between databases)."""
    counts = backup.backup(current_app, file)
    click.echo(f"已备份到 {file}：{_counts(counts)}。")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the store's content with FILE, all or nothing."""
    if not yes:
        click.confirm("恢复将用备份替换数据库中的全部内容，确定继续吗？", abort=True)
    from .db import create_schema, session_factory
    from .publishing import publish_lease

    try:
        create_schema(current_app)
        # Holding the publish lease: no publish can interleave with the restore.
        with session_factory(current_app)() as session, publish_lease(session, "恢复备份"):
            counts = backup.restore(current_app, file)
    except LookupServiceError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        sys.exit(1)
    click.echo(f"已从 {file} 恢复：{_counts(counts)}。")
    click.echo(
        "本节点的索引将在下次请求时重建（也可运行 `lookup index rebuild`）；"
        "其他节点请运行 `lookup index rebuild` 并重启服务。"
    )


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
