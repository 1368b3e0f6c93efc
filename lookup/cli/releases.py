"""`lookup publish|versions|rollback|withdraw`: versions of the lists from the command line.

The same guards as the office pages (`lookup.office.workflow`): a draft id is required, drafts
with errors are refused, the publish is confirmed unless `--yes`, a large removal must be
confirmed by its count, a future `--effective-on` schedules the version.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors, say
from lookup.core import clock
from lookup.core.fields import LIST_LABELS, LIST_SHORT, LISTS
from lookup.lists import store
from lookup.lists.schema import create_schema
from lookup.office import guards, publication, workflow
from lookup.office.audit import Actor

STATES = {"current": "现行", "scheduled": "已公告，尚未施行", "earlier": "", "withdrawn": "已撤回"}


def details_options(command):
    """The official publication details, shared by `publish` and `import --publish`."""
    for option in reversed(
        (
            click.option("--doc-number", default="", help="文号, e.g. 平司〔2026〕12号."),
            click.option("--issuer", default=publication.DEFAULT_ISSUER, help="Issuing body."),
            click.option("--issued-on", default=None, help="发布日期, YYYY-MM-DD."),
            click.option(
                "--effective-on",
                default=None,
                help="施行日期, YYYY-MM-DD (Beijing); a future date schedules the version.",
            ),
            click.option(
                "--confirm-removals",
                type=click.IntRange(min=0),
                default=None,
                help="Confirm a large removal by its count.",
            ),
        )
    ):
        command = option(command)
    return command


def publish_with_guards(draft_id: int, note: str, actor: Actor, yes: bool, options: dict) -> int:
    """Publish a draft in the foreground; ask for a large removal's count unless `--yes`."""
    details = publication.details(
        doc_number=options["doc_number"],
        issuer=options["issuer"],
        issued_on=options["issued_on"],
        effective_on=options["effective_on"],
    )
    confirm = options["confirm_removals"]
    try:
        return _publish(draft_id, note, actor, details, confirm)
    except guards.RemovalsUnconfirmed as exc:
        if yes or confirm is not None:
            exc.message += f"（命令行：加 --confirm-removals {exc.count}）"
            raise
        click.echo(exc.message, err=True)
        click.confirm(f"确认删除 {exc.count} 项并发布吗？", abort=True)
        return _publish(draft_id, note, actor, details, exc.count)


def _publish(draft_id, note, actor, details, confirm) -> int:
    return workflow.publish_draft(
        current_app,
        draft_id,
        note=note,
        actor=actor,
        background=False,
        progress=say,
        details=details,
        confirm_removals=confirm,
    )


def published_text(number: int) -> str:
    info = store.version_info(number)
    if info and info["state"] == "scheduled":
        when = clock.chinese_date(info["effective_on"])
        return f"已发布为版本 {number}，自 {when}起施行（已公告）。"
    return f"已发布为版本 {number}。"


@click.command("publish")
@click.argument("draft_id", type=click.IntRange(min=1))
@click.option("--note", default="")
@click.option("--author", default=None, help="Who publishes (default: OS user).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@details_options
@with_appcontext
@reports_errors
def publish_command(draft_id, note, author, yes, **options) -> None:
    """Publish draft DRAFT_ID (drafts with errors are refused)."""
    create_schema(current_app)
    if not yes:
        click.confirm(f"确定发布草稿 {draft_id} 吗？", abort=True)
    number = publish_with_guards(draft_id, note, Actor.command_line(author), yes, options)
    click.echo(f"草稿 {draft_id} " + published_text(number))


@click.command("versions")
@click.option("--all", "everything", is_flag=True, help="Withdrawn versions too.")
@with_appcontext
def versions_command(everything) -> None:
    """List the versions, newest first (times in Beijing time)."""
    create_schema(current_app)  # on a home never initialised: "no versions", not an error
    lines = []
    for v in store.versions(withdrawn=everything):
        counts = "，".join(f"{LIST_LABELS[k]} {n} 项" for k, n in v["counts"].items())
        state = STATES[v["state"]]
        details = "　".join(x for x in (v["doc_number"], f"施行 {v['effective_on']}") if x)
        lines.append(
            f"版本 {v['number']}{f'（{state}）' if state else ''}  "
            f"{clock.beijing(v['published_at'] or v['created_at'])}  {v['author']}  "
            f"{v['note']}  {details}  （{counts}）"
        )
        if v["state"] == "withdrawn":
            lines.append(f"    {v['withdrawn_by']} 撤回：{v['withdraw_reason']}")
    click.echo("\n".join(lines) or "尚无已发布版本。")


@click.command("rollback")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--list", "list_kind", type=click.Choice(LISTS), default=None, help="Only one list.")
@click.option("--author", default=None, help="Who rolls back (default: OS user).")
@with_appcontext
@reports_errors
def rollback_command(number, list_kind, author) -> None:
    """Publish version NUMBER's content (of both lists, or --list) again as a new version."""
    create_schema(current_app)
    _draft, new = workflow.roll_back(
        current_app,
        number,
        actor=Actor.command_line(author),
        background=False,
        progress=say,
        lists=(list_kind,) if list_kind else LISTS,
    )
    which = LIST_SHORT[list_kind] if list_kind else ""
    click.echo(f"已将版本 {number} 的{which}内容发布为新版本 {new}。")


@click.command("withdraw")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@click.option("--author", default=None, help="Who withdraws (default: OS user).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@reports_errors
def withdraw_command(number, reason, author, yes) -> None:
    """Take the newest version NUMBER out of public view (announced, or erroneous)."""
    create_schema(current_app)
    if not yes:
        click.confirm(f"确定撤回第 {number} 版吗？", abort=True)
    done = workflow.withdraw(current_app, number, reason=reason, actor=Actor.command_line(author))
    click.echo(f"已撤回第 {number} 版；现行清单为第 {done['current']} 版。")


COMMANDS = (publish_command, versions_command, rollback_command, withdraw_command)
