"""`lookup index rebuild` and `lookup db upgrade`: this node's index and the store's schema."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.lists import schema
from lookup.office import audit
from lookup.office.audit import Actor
from lookup.office.publishing import rebuild_index


@click.group("index")
def index_group() -> None:
    """The search index of this node."""


@index_group.command("rebuild")
@with_appcontext
@reports_errors
def index_rebuild() -> None:
    """Rebuild this node's index of the published version from the store."""
    folder = rebuild_index(current_app, progress=say)
    audit.record("index_rebuild", f"重建索引 {folder.name}", actor=Actor.command_line())
    click.echo(f"已重建索引：{folder}")


@click.group("db")
def db_group() -> None:
    """The store's schema."""


@db_group.command("upgrade")
@with_appcontext
@reports_errors
def db_upgrade() -> None:
    """Bring the database to the current schema, keeping its data (safe to run again)."""
    before, after = schema.upgrade(current_app.config["DATABASE_URL"])
    if before == after:
        click.echo(f"数据库已是最新结构（{after}）。")
        return
    audit.record("db_upgrade", f"数据库结构 {before or '空'} → {after}", actor=Actor.command_line())
    click.echo(f"数据库结构已从 {before or '空'} 升级到 {after}。")


COMMANDS = (index_group, db_group)
