"""What every command shares: progress on stderr, refusals as `错误：…` and exit status 1."""

from __future__ import annotations

import functools
import sys

import click

from lookup.core.errors import LookupServiceError


def say(message: str) -> None:
    """Progress and notes go to stderr, so that stdout holds only the result (`export -o -`)."""
    click.echo(message, err=True)


def reports_errors(command):
    """A service refusal becomes `错误：…` on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LookupServiceError as exc:
            click.echo(f"错误：{exc.message}", err=True)
            sys.exit(1)

    return wrapped
