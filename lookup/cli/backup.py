"""`lookup backup FILE` and `lookup restore FILE` (thin wrappers over lookup.lists.backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors
from lookup.lists import backup
from lookup.office import audit, setup
from lookup.office.audit import Actor


def _counts(counts: dict[str, int]) -> str:
    return "，".join(f"{name} {n} 行" for name, n in counts.items() if n) or "无数据"


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@reports_errors
def backup_command(file: Path) -> None:
    """Write the whole store to FILE (gzip'd JSON lines, portable between databases)."""
    counts = backup.backup(current_app, file)
    audit.record("backup", f"备份到 {file}", actor=Actor.command_line())
    click.echo(f"已备份到 {file}：{_counts(counts)}。")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@reports_errors
def restore_command(file: Path, yes: bool) -> None:
    """Replace the store's content with FILE, all or nothing."""
    if not yes:
        click.confirm("恢复将用备份替换数据库中的全部内容，确定继续吗？", abort=True)
    counts = setup.restore(current_app, file)
    audit.record("restore", f"从 {file} 恢复", actor=Actor.command_line())
    click.echo(f"已从 {file} 恢复：{_counts(counts)}。")
    click.echo(
        "本节点的索引将在下次请求时重建（也可运行 `lookup index rebuild`）；"
        "其他节点请运行 `lookup index rebuild` 并重启服务。"
    )


COMMANDS = (backup_command, restore_command)
