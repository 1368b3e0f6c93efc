"""`lookup user add|passwd|list|role|disable|enable`: the office's accounts from the server.

Passwords are prompted for (twice, hidden) or read from `LOOKUP_NEW_PASSWORD`, never taken as
an argument that would stay in the shell history. Whatever changes an account ends its
sessions, and every action is audited with the OS user.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lookup.cli.common import reports_errors
from lookup.core.clock import beijing
from lookup.lists.db import get_session
from lookup.lists.schema import create_schema
from lookup.office import accounts, audit
from lookup.office.audit import Actor

ROLE_NAMES = {"editor": "编辑", "publisher": "发布人"}
TEMPORARY = click.option(
    "--temporary",
    is_flag=True,
    help="The user must replace this password at the next sign-in (one you chose for them).",
)


def _audit(action: str, detail: str) -> None:
    audit.record(action, detail, actor=Actor.command_line())


@click.group("user")
def user_group() -> None:
    """Office accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@TEMPORARY
@click.password_option(envvar="LOOKUP_NEW_PASSWORD")
@with_appcontext
@reports_errors
def user_add(name, role, temporary, password) -> None:
    """Add an office account (editors prepare, publishers publish)."""
    create_schema(current_app)
    accounts.create_user(get_session(), name, role, password, must_change=temporary)
    _audit("user_add", f"添加用户 {name.strip()}（{role}）")
    click.echo(f"已添加用户 {name.strip()}（{role}）。")


@user_group.command("passwd")
@click.argument("name")
@TEMPORARY
@click.password_option(envvar="LOOKUP_NEW_PASSWORD", prompt="新密码")
@with_appcontext
@reports_errors
def user_passwd(name, temporary, password) -> None:
    """Set an account's password; its sessions end."""
    create_schema(current_app)
    accounts.reset_password(get_session(), name, password, temporary=temporary)
    kind = "临时密码" if temporary else "密码"
    _audit("password_reset", f"设置了用户 {name.strip()} 的{kind}")
    note = "，对方下次登录时必须修改" if temporary else ""
    click.echo(f"已设置 {name.strip()} 的密码{note}；该用户的登录已全部退出。")


@user_group.command("list")
@with_appcontext
@reports_errors
def user_list() -> None:
    """Every account: name, role, state, password last set (Beijing time)."""
    create_schema(current_app)
    for user in accounts.list_users(get_session()):
        state = "启用" if user["active"] else "已停用"
        if user["must_change_password"]:
            state += "，待改密码"
        changed = beijing(user["password_changed_at"]) or "-"
        role = ROLE_NAMES.get(user["role"], user["role"])
        click.echo(f"{user['name']}\t{role}\t{state}\t密码设于 {changed}")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(accounts.ROLES))
@with_appcontext
@reports_errors
def user_role(name, role) -> None:
    """Change an account's role; its sessions end."""
    create_schema(current_app)
    accounts.set_role(get_session(), name, role)
    _audit("user_role", f"用户 {name.strip()} 的角色改为 {role}")
    click.echo(f"{name.strip()} 现在是{ROLE_NAMES[role]}；该用户的登录已全部退出。")


@user_group.command("disable")
@click.argument("name")
@with_appcontext
@reports_errors
def user_disable(name) -> None:
    """Switch an account off; its sessions end at once."""
    create_schema(current_app)
    accounts.set_active(get_session(), name, False)
    _audit("user_toggle", f"停用用户 {name.strip()}")
    click.echo(f"已停用 {name.strip()}；该用户的登录已全部退出。")


@user_group.command("enable")
@click.argument("name")
@with_appcontext
@reports_errors
def user_enable(name) -> None:
    """Switch an account on again."""
    create_schema(current_app)
    accounts.set_active(get_session(), name, True)
    _audit("user_toggle", f"启用用户 {name.strip()}")
    click.echo(f"已启用 {name.strip()}。")


COMMANDS = (user_group,)
