"""`lookup reports erase-contacts`: erase residents' contacts whose retention has run out.

The office's pages do the same whenever the inbox is opened; run this from cron so that a
quiet month does not keep a contact longer than `REPORT_CONTACT_RETENTION_DAYS`.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors
from lookup.lists.schema import create_schema
from lookup.office import reports
from lookup.office.audit import Actor
from lookup.office.report_rules import setting


@click.group("reports")
def reports_group() -> None:
    """Residents' reports."""


@reports_group.command("erase-contacts")
@with_appcontext
@reports_errors
def erase_contacts() -> None:
    """Erase the contact of every case closed longer ago than the retention period."""
    create_schema(current_app)
    erased = reports.erase_expired(actor=Actor.command_line())
    days = setting("REPORT_CONTACT_RETENTION_DAYS")
    click.echo(f"已删除 {erased} 条反映的联系方式（办结已满 {days} 天）。")


COMMANDS = (reports_group,)
