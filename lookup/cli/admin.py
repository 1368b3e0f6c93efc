"""`lookup index rebuild` and `lookup user add`: this node's index and the office's accounts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.lists import schema
from lookup.lists.db import get_session
from lookup.lists.schema import create_schema
from lookup.office import accounts, audit
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


@click.group("user")
def user_group() -> None:
    """Office accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.password_option(envvar="LOOKUP_NEW_PASSWORD")
@with_appcontext
@reports_errors
def user_add(name, role, password) -> None:
    """Add an office account (editors prepare, publishers publish)."""
    create_schema(current_app)
    accounts.create_user(get_session(), name, role, password)
    audit.record("user_add", f"添加用户 {name.strip()}（{role}）", actor=Actor.command_line())
    click.echo(f"已添加用户 {name.strip()}（{role}）。")


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


COMMANDS = (index_group, user_group, db_group)
