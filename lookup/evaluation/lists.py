"""Publishing another county's pair of lists for an evaluation, the way the office would."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lookup.core.fields import LISTS
from lookup.office import workflow
from lookup.office.audit import Actor

EVALUATION = Actor("evaluation", "命令行")


def publish_folder(app: Flask, folder: Path) -> list[int]:
    """Import and publish `folder/abolished.xlsx` and `folder/retained.xlsx`; version numbers."""
    numbers = []
    for list_kind in LISTS:
        path = folder / f"{list_kind}.xlsx"
        result, draft_id, planned = workflow.import_spreadsheet(
            app,
            path,
            list_kind,
            filename=path.name,
            actor=EVALUATION,
            keep_errors=False,
            department=None,  # the whole list, replacing the one published
        )
        if draft_id is None:
            raise SystemExit("\n".join(str(p) for p in result.errors))
        numbers.append(
            workflow.publish_draft(
                app,
                draft_id,
                note="evaluation",
                actor=EVALUATION,
                background=False,
                confirm_removals=planned["summary"]["removed"],
            )
        )
    return numbers
