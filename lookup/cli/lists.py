"""`lookup init|import|diff|export`: the lists from the command line (versions: `releases`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.cli.releases import details_options, publish_with_guards, published_text
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
        scope = f"（仅「{planned['department']}」的事项）" if planned["department"] else ""
        lines.append(
            f"与当前版本 {planned['base_version']} 相比{scope}：新增 {s['added']} 项，"
            f"删除 {s['removed']} 项，修改 {s['changed']} 项。"
        )
        named = {r["requiring_department"] for r in result.rows}
        if not planned["department"] and s["removed"] and len(named) == 1 and "" not in named:
            lines.append(
                f"提示：文件中每一行的索要单位都是「{named.pop()}」；如果这只是该单位的事项，"
                "请加 --department auto，只更新该单位的事项。"
            )
    for problem in result.problems:
        level = {"error": "错误", "info": "说明"}.get(problem.level, "提示")
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
@click.option(
    "--department",
    default=None,
    help="FILE holds only this 索要单位's items (or 'auto': the one every row names).",
)
@click.option("--sheet", default=None, help="The sheet of a workbook to read.")
@click.option("--yes", is_flag=True, help="With --publish: do not ask about large removals.")
@click.option("--author", default=None, help="Who publishes (for the history; default: OS user).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Map an unknown header to a field (or 'ignore').",
)
@details_options
@with_appcontext
@reports_errors
def import_command(
    file, list_kind, publish, note, department, sheet, yes, author, mapping, **options
) -> None:
    """Read FILE as the complete new content of a list (or of one department's items);
    report; keep a draft or publish."""
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
        sheet=sheet,
        department=workflow.DETECT if department == "auto" else department,
    )
    click.echo(report_text(result, planned))
    if draft_id is None:
        sys.exit(1)
    if not publish:
        click.echo(f"已保存为草稿 {draft_id}；运行 `lookup publish {draft_id}` 发布。")
        return
    click.echo(published_text(publish_with_guards(draft_id, note, actor, yes, options)))


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
    info = store.version_info(version) if version else None
    data, filename = exporter.export(items, list_kind, fmt, version, info)
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


COMMANDS = (init_command, import_command, diff_command, export_command)
