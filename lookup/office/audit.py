"""The office audit log: who did what, when and from where — web and command line alike.

Entries are written by `record` and read in Chinese: `ACTION_LABELS` names every action in one
table (an action missing from it still reads sensibly: 其他操作（code）), `who` says whether a
web user or an OS user at the command line acted, and times are Beijing time. `search` and
`export_rows` filter by action, person, channel, period and text.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Flask, current_app
from sqlalchemy import Select, func, select

from lookup.core import clock
from lookup.lists.db import get_session, session_factory
from lookup.lists.models import AuditEntry

PER_PAGE = 50
MAX_EXPORT = 50_000
CLI_ADDRESS = "命令行"
SYSTEM_NAME = "system"

# Every action's Chinese name. Engineers adding an action add its label here.
ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "login_throttled": "登录受限（尝试过多）",
    "logout": "退出登录",
    "upload": "上传清单",
    "upload_rejected": "上传被拒",
    "edit": "修改单项",
    "publish": "发布",
    "publish_busy": "发布被拒（另一次发布正在进行）",
    "discard": "放弃草稿",
    "rollback": "回滚",
    "user_add": "添加账号",
    "user_toggle": "启用/停用账号",
    "backup": "备份",
    "restore": "从备份恢复",
    "index_rebuild": "重建索引",
    "db_upgrade": "升级数据库结构",
    "report_status": "更改反映状态",
    "report_forward": "转办反映",
    "report_answer": "答复反映",
    "report_reject": "反映不予受理",
    "report_contacts_erased": "删除到期的联系方式",
    "template_add": "添加答复模板",
    "template_edit": "修改答复模板",
    "template_delete": "删除答复模板",
    "audit_export": "导出操作记录",
    "figures_export": "导出月度统计",
    "vocab_publish": "发布检索词表",
    "vocab_rollback": "回滚检索词表",
}
CHANNELS = {"web": "网页", "cli": "命令行"}
# Entries written before the log was made readable: "12:new→answered".
_LEGACY_STATUS = re.compile(r"^(\d+):(\w+)→(\w+)$")
_LEGACY_STATES = {"new": "待处理", "in_progress": "处理中", "answered": "已答复"}


@dataclass(frozen=True)
class Actor:
    """Who acts: an office user on the web (with the client's address) or an OS user at the
    command line (`--author` may name the person the version history should show)."""

    name: str
    address: str = ""

    @classmethod
    def command_line(cls, author: str | None = None) -> Actor:
        try:
            os_user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry for the uid (containers)
            os_user = "unknown"
        name = f"{author}（{os_user}）" if author and author != os_user else os_user
        return cls(name=name, address=CLI_ADDRESS)

    @property
    def via_cli(self) -> bool:
        return self.address == CLI_ADDRESS


SYSTEM = Actor(SYSTEM_NAME, CLI_ADDRESS)


def record(action: str, detail: str = "", *, actor: Actor, app: Flask | None = None) -> None:
    """Write one entry in a transaction of its own: it neither commits the caller's work nor
    is lost when the caller's work fails."""
    entry = AuditEntry(
        user=actor.name[:100], action=action[:50], detail=detail, remote_addr=actor.address[:64]
    )
    with session_factory(app or current_app._get_current_object())() as session:
        session.add(entry)
        session.commit()


def label(action: str) -> str:
    """The action's Chinese name; an action nobody labelled yet shows its code."""
    return ACTION_LABELS.get(action) or f"其他操作（{action or '未注明'}）"


def who(user: str, address: str) -> dict:
    """`{"name", "channel", "address", "text"}`: 张三（网页 10.0.0.1）, root（命令行）, 系统自动."""
    if address == CLI_ADDRESS:
        if user == SYSTEM_NAME:
            return {"name": "系统", "channel": "系统自动", "address": "", "text": "系统自动"}
        name = user or "未知用户"
        return {"name": name, "channel": "命令行", "address": "", "text": f"{name}（命令行）"}
    name = user or "未登录的访问者"
    where = f"网页 {address}" if address else "网页"
    return {"name": name, "channel": "网页", "address": address, "text": f"{name}（{where}）"}


def describe(action: str, detail: str) -> str:
    """The entry's content in Chinese (older raw entries are rewritten)."""
    match = _LEGACY_STATUS.match(detail or "") if action == "report_status" else None
    if match:
        number, before, after = match.groups()
        states = (_LEGACY_STATES.get(s, s) for s in (before, after))
        return "反映 {}：{} → {}".format(number, *states)
    return detail or ""


def entry_dict(row: AuditEntry) -> dict:
    person = who(row.user, row.remote_addr)
    return {
        "id": row.id,
        "at": clock.beijing(row.at, "%Y-%m-%d %H:%M:%S"),
        "at_iso": clock.iso_utc(row.at),
        "action": row.action,
        "label": label(row.action),
        "detail": describe(row.action, row.detail),
        "who": person["text"],
        "user": person["name"],
        "channel": person["channel"],
        "address": person["address"],
    }


@dataclass(frozen=True)
class Filters:
    """What to show: an action code, part of a name, a channel, Beijing days, words."""

    action: str = ""
    user: str = ""
    channel: str = ""  # "web" or "cli" (the system's own entries count as command line)
    since: date | None = None
    until: date | None = None
    text: str = ""

    def apply(self, query: Select) -> Select:
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.user:
            query = query.where(AuditEntry.user.contains(self.user, autoescape=True))
        if self.channel == "cli":
            query = query.where(AuditEntry.remote_addr == CLI_ADDRESS)
        elif self.channel == "web":
            query = query.where(AuditEntry.remote_addr != CLI_ADDRESS)
        if self.since:
            query = query.where(AuditEntry.at >= _utc(self.since))
        if self.until:
            query = query.where(AuditEntry.at < _utc(self.until + timedelta(days=1)))
        if self.text:
            query = query.where(AuditEntry.detail.contains(self.text, autoescape=True))
        return query


def _utc(day: date) -> datetime:
    """Midnight in Beijing of `day`, as the naive UTC the log stores."""
    return clock.as_utc(datetime.combine(day, time(), clock.BEIJING)).replace(tzinfo=None)


def actions_seen() -> list[tuple[str, str]]:
    """(code, label) of every labelled action and every action in the log, by label."""
    codes = set(ACTION_LABELS) | set(get_session().scalars(select(AuditEntry.action).distinct()))
    return sorted(((code, label(code)) for code in codes), key=lambda pair: pair[1])


def search(filters: Filters | None = None, number: int = 1, per_page: int = PER_PAGE) -> dict:
    """One page of matching entries, newest first: `{"entries", "page", "pages", "total"}`."""
    filters = filters or Filters()
    session = get_session()
    query = filters.apply(select(AuditEntry))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * per_page)
        .limit(per_page)
    )
    return {
        "entries": [entry_dict(r) for r in rows],
        "page": number,
        "pages": pages,
        "total": total,
    }


EXPORT_HEADER = ("时间（北京时间）", "操作人", "方式", "来源地址", "操作", "内容", "操作代码")


def export_rows(filters: Filters | None = None) -> list[list[str]]:
    """The matching entries (newest first, at most MAX_EXPORT) as rows under EXPORT_HEADER."""
    query = (filters or Filters()).apply(select(AuditEntry))
    rows = get_session().scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(MAX_EXPORT)
    )
    out = []
    for row in rows:
        e = entry_dict(row)
        out.append(
            [e["at"], e["user"], e["channel"], e["address"], e["label"], e["detail"], e["action"]]
        )
    return out
