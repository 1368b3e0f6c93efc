"""`lookup init|import|publish|versions|diff|rollback|export`: the lists from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.core.errors import LookupServiceError, NotFound
from lookup.core.fields import FIELD_LABELS, LIST_LABELS, LISTS
from lookup.lists import exporter, store
from lookup.lists.importer import ImportResult
from lookup.lists.schema import create_schema
from lookup.office import setup, workflow
from lookup.office.audit import Actor


@click.command("init")
@with_appcontext
@reports_errors
def init_command() -> None:
    """Create the store; load data/ as version 1 when it is empty; build the index."""
    click.echo(setup.init(current_app, progress=say))


def report_text(result: ImportResult, planned: dict | None) -> str:
    """The importer's report as the command prints it: counts, diff, every problem."""
    label = LIST_LABELS[result.list_kind]
    lines = [f"读取 {result.rows_read} 行，有效 {len(result.rows)} 项（{label}）。"]
    if planned:
        s = planned["summary"]
        lines.append(
            f"与当前版本 {planned['base_version']} 相比：新增 {s['added']} 项，"
            f"删除 {s['removed']} 项，修改 {s['changed']} 项。"
        )
    for problem in result.problems:
        level = "错误" if problem.level == "error" else "提示"
        lines.append(f"  [{level}] {problem}")
    if not result.ok:
        lines.append(f"共 {len(result.errors)} 个错误：未做任何更改。")
    return "\n".join(lines)


def _column_map(mapping: tuple[str, ...]) -> dict[str, str]:
    try:
        return dict(m.split("=", 1) for m in mapping)
    except ValueError:
        raise click.BadParameter("--map 的格式是 表头=字段，例如 --map 材料名称=name") from None


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--list", "list_kind", type=click.Choice(LISTS), required=True)
@click.option("--publish", is_flag=True, help="Publish at once when the import is clean.")
@click.option("--note", default="", help="A note for the version.")
@click.option("--author", default=None, help="Who publishes (for the history; default: OS user).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Map an unknown header to a field (or 'ignore').",
)
@with_appcontext
@reports_errors
def import_command(file, list_kind, publish, note, author, mapping) -> None:
    """Read FILE as the complete new content of a list; report; keep a draft or publish."""
    column_map = _column_map(mapping)
    create_schema(current_app)
    actor = Actor.command_line(author)
    result, draft_id, planned = workflow.import_spreadsheet(
        current_app,
        file,
        list_kind,
        filename=file.name,
        actor=actor,
        column_map=column_map,
        keep_errors=False,
        progress=lambda n: say(f"已读取 {n} 行"),
    )
    click.echo(report_text(result, planned))
    if draft_id is None:
        sys.exit(1)
    if not publish:
        click.echo(f"已保存为草稿 {draft_id}；运行 `lookup publish {draft_id}` 发布。")
        return
    number = workflow.publish_draft(
        current_app, draft_id, note=note, actor=actor, background=False, progress=say
    )
    click.echo(f"已发布为版本 {number}。")


@click.command("publish")
@click.argument("draft_id", type=click.IntRange(min=1))
@click.option("--note", default="")
@click.option("--author", default=None, help="Who publishes (default: OS user).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@reports_errors
def publish_command(draft_id, note, author, yes) -> None:
    """Publish draft DRAFT_ID (drafts with errors are refused)."""
    create_schema(current_app)
    if not yes:
        click.confirm(f"确定发布草稿 {draft_id} 吗？", abort=True)
    number = workflow.publish_draft(
        current_app,
        draft_id,
        note=note,
        actor=Actor.command_line(author),
        background=False,
        progress=say,
    )
    click.echo(f"草稿 {draft_id} 已发布为版本 {number}。")


@click.command("versions")
@with_appcontext
def versions_command() -> None:
    """List the published versions, newest first."""
    create_schema(current_app)  # on a home never initialised: "no versions", not an error
    lines = []
    for v in store.versions():
        counts = "，".join(f"{LIST_LABELS[k]} {n} 项" for k, n in v["counts"].items())
        lines.append(
            f"版本 {v['number']}  {v['published_at'] or v['created_at']}  "
            f"{v['author']}  {v['note']}  （{counts}）"
        )
    click.echo("\n".join(lines) or "尚无已发布版本。")


def diff_lines(a: int, b: int, changes: dict) -> list[str]:
    """A diff as the command prints it: + added, - removed, ~ changed with old → new values."""
    lines = [f"版本 {a} → {b}："]
    for list_kind, part in changes.items():
        lines.append(
            f"{LIST_LABELS[list_kind]}：新增 {len(part['added'])}，删除 "
            f"{len(part['removed'])}，修改 {len(part['changed'])}"
        )
        lines += [f"  + {i['name']}（{i['matter']}）" for i in part["added"]]
        lines += [f"  - {i['name']}（{i['matter']}）" for i in part["removed"]]
        for c in part["changed"]:
            lines.append(f"  ~ {c['after']['name']}（{c['before'].get('matter') or ''}）")
            for field in c["fields"]:
                before, after = c["before"].get(field) or "", c["after"].get(field) or ""
                lines.append(
                    f"      {FIELD_LABELS[field]}：{before or '（空）'} → {after or '（空）'}"
                )
    return lines


@click.command("diff")
@click.argument("a", type=click.IntRange(min=0))
@click.argument("b", type=click.IntRange(min=1))
@with_appcontext
@reports_errors
def diff_command(a, b) -> None:
    """What changed from version A to version B, with old and new values."""
    create_schema(current_app)
    for n in (a, b):
        if n and store.version_info(n) is None:
            raise NotFound("unknown_version", f"版本 {n} 不存在。")
    click.echo("\n".join(diff_lines(a, b, store.diff(a, b))))


@click.command("rollback")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--author", default=None, help="Who rolls back (default: OS user).")
@with_appcontext
@reports_errors
def rollback_command(number, author) -> None:
    """Publish version NUMBER's content again as a new version."""
    create_schema(current_app)
    _draft, new = workflow.roll_back(
        current_app, number, actor=Actor.command_line(author), background=False, progress=say
    )
    click.echo(f"已将版本 {number} 的内容发布为新版本 {new}。")


@click.command("export")
@click.option("--list", "list_kind", type=click.Choice(LISTS), required=True)
@click.option("--format", "fmt", type=click.Choice(exporter.FORMATS), default="xlsx")
@click.option("--output", "-o", help="A file, or - for standard output.")
@with_appcontext
@reports_errors
def export_command(list_kind, fmt, output) -> None:
    """Export the published list (the .xlsx re-imports unchanged)."""
    create_schema(current_app)
    version = store.current_version()
    items = store.items_of(version, list_kind)
    data, filename = exporter.export(items, list_kind, fmt, version)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output or filename)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise LookupServiceError(
            f"无法写入 {target}：{exc.strerror or exc}。", "bad_path"
        ) from None
    say(f"已导出 {target}")


COMMANDS = (
    init_command,
    import_command,
    publish_command,
    versions_command,
    diff_command,
    rollback_command,
    export_command,
)
