"""The `lookup` command: thin click wrappers over the services (DESIGN, "CLI")."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from . import commands
from .errors_base import LookupServiceError
from .fields import LISTS


def _create_app():
    from . import create_app

    return create_app()


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def main() -> None:
    """证明事项查询 — manage the store, the lists and the index."""


# Flask's `run` (a development server with an optional debugger) is left out on purpose:
# the service runs under gunicorn (scripts/serve), never with debug pages.
main.add_command(shell_command)
main.add_command(routes_command)


def _say(message: str) -> None:
    click.echo(message, err=True)


def _fail(exc: LookupServiceError) -> None:
    click.echo(f"错误：{exc.message}", err=True)
    sys.exit(1)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the store; load data/ as version 1 when it is empty; build the index."""
    try:
        click.echo(commands.init(current_app, progress=_say))
    except LookupServiceError as exc:
        _fail(exc)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--list", "list_kind", type=click.Choice(LISTS), required=True)
@click.option("--publish", is_flag=True, help="Publish at once when the import is clean.")
@click.option("--note", default="", help="A note for the version.")
@click.option("--author", default="cli", help="Who publishes (for the history).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Map an unknown header to a field (or 'ignore').",
)
@with_appcontext
def import_command(file, list_kind, publish, note, author, mapping) -> None:
    """Read FILE as the complete new content of a list; report; optionally publish."""
    try:
        column_map = dict(m.split("=", 1) for m in mapping)
    except ValueError:
        raise click.BadParameter("--map 的格式是 表头=字段，例如 --map 材料名称=name") from None
    try:
        report, ok = commands.import_file(
            current_app,
            file,
            list_kind,
            publish=publish,
            note=note,
            author=author,
            column_map=column_map,
            progress=_say,
        )
    except LookupServiceError as exc:
        _fail(exc)
    click.echo(report)
    if not ok:
        sys.exit(1)


@click.command("publish")
@click.argument("draft_id", type=int, required=False)
@click.option("--note", default="")
@click.option("--author", default="cli")
@with_appcontext
def publish_command(draft_id, note, author) -> None:
    """Publish an import saved as a draft (the newest open one by default)."""
    try:
        click.echo(
            commands.publish_draft(current_app, draft_id, note=note, author=author, progress=_say)
        )
    except LookupServiceError as exc:
        _fail(exc)


@click.command("versions")
@with_appcontext
def versions_command() -> None:
    """List the published versions, newest first."""
    click.echo(commands.versions_text())


@click.command("diff")
@click.argument("a", type=int)
@click.argument("b", type=int)
@with_appcontext
def diff_command(a, b) -> None:
    """What changed from version A to version B."""
    try:
        click.echo(commands.diff_text(a, b))
    except LookupServiceError as exc:
        _fail(exc)


@click.command("rollback")
@click.argument("number", type=int)
@click.option("--author", default="cli")
@with_appcontext
def rollback_command(number, author) -> None:
    """Publish version NUMBER's content again as a new version."""
    try:
        click.echo(commands.rollback(current_app, number, author=author, progress=_say))
    except LookupServiceError as exc:
        _fail(exc)


@click.command("export")
@click.option("--list", "list_kind", type=click.Choice(LISTS), required=True)
@click.option("--format", "fmt", type=click.Choice(("csv", "xlsx", "json")), default="xlsx")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(list_kind, fmt, output) -> None:
    """Export the published list (the .xlsx re-imports unchanged)."""
    data, filename = commands.export(list_kind, fmt)
    target = output or Path(filename)
    target.write_bytes(data)
    click.echo(f"已导出 {target}")


@click.group("index")
def index_group() -> None:
    """The search index of this node."""


@index_group.command("rebuild")
@with_appcontext
def index_rebuild() -> None:
    """Rebuild this node's index of the published version from the store."""
    from .publishing import rebuild_index

    try:
        click.echo(f"已重建索引：{rebuild_index(current_app, progress=_say)}")
    except LookupServiceError as exc:
        _fail(exc)


@click.group("user")
def user_group() -> None:
    """Office accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(("editor", "publisher")), required=True)
@click.password_option(envvar="LOOKUP_NEW_PASSWORD")
@with_appcontext
def user_add(name, role, password) -> None:
    """Add an office account (editors prepare, publishers publish)."""
    try:
        click.echo(commands.add_user(name, role, password))
    except LookupServiceError as exc:
        _fail(exc)


def register(app: Flask) -> None:
    for command in (
        init_command,
        import_command,
        publish_command,
        versions_command,
        diff_command,
        rollback_command,
        export_command,
        index_group,
        user_group,
    ):
        app.cli.add_command(command)
    from . import cli_extra

    cli_extra.register(app)
