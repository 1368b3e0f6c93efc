"""The `lookup` command's subcommands: thin click wrappers over the office's services.

The command line sits beside `lookup.web` at the top: it parses arguments, calls the services
of `lookup.office` (and reads `lookup.lists`), and prints the outcome in Chinese. Every action
is audited with the OS user, like a web action with the signed-in user. The console script
itself (Flask's CLI group over `create_app`) is `lookup.console`.
"""

from __future__ import annotations

from flask import Flask

from lookup.cli import admin, backup, lists, releases, reports, users, vocab


def register(app: Flask) -> None:
    """Add the project's commands to the app's CLI group."""
    for module in (lists, releases, admin, users, backup, reports, vocab):
        for command in module.COMMANDS:
            app.cli.add_command(command)
