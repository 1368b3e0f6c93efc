"""The `lookup` console script (DESIGN, "CLI"): Flask's CLI group over `create_app`."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup, routes_command, shell_command

from lookup import create_app


@click.group(
    cls=FlaskGroup, create_app=create_app, add_default_commands=False, add_version_option=False
)
def main() -> None:
    """证明事项查询 — manage the store, the lists and the index."""


# Flask's `run` (a development server with an optional debugger) is left out on purpose:
# the service runs under gunicorn (scripts/serve), never with debug pages.
main.add_command(shell_command)
main.add_command(routes_command)
