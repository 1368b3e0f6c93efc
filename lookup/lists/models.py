"""The tables of the store. Published versions are immutable snapshots of both lists."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from lookup.core.clock import utcnow

__all__ = ["utcnow"]  # re-exported: callers take the store's clock from here too


class Base(DeclarativeBase):
    pass


class Version(Base):
    """A version of both lists. Status `building` until its index is built and checked, then
    `published`; `withdrawn` when the office took it out of public view (the row stays).

    A published version is an official document: 文号 (`doc_number`), issuing body, 发布日期
    (`issued_on`) and the moment it takes effect (`effective_at`, UTC: midnight in Pinghu of its
    施行日期, or the publish time). The service answers from the newest published version whose
    `effective_at` has come (`lists.versions.current_version`).
    """

    __tablename__ = "versions"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="building", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    effective_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)  # the shipped sample lists
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    withdrawn_by: Mapped[str] = mapped_column(String(100), default="")
    withdraw_reason: Mapped[str] = mapped_column(Text, default="")


class VocabVersion(Base):
    """A version of the search vocabulary the office published: the texts of every file of
    data/vocab (`files`; None means the shipped files themselves). Status `building` until
    its index is built on the publishing node; versions are never changed, a rollback
    publishes an earlier version's texts as a new one."""

    __tablename__ = "vocab_versions"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="building", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    files: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    digest: Mapped[str] = mapped_column(String(16), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # per file: lines added, removed


class Item(Base):
    """One row of a list in one version. `item_id` is stable across versions for the same item."""

    __tablename__ = "items"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[int] = mapped_column(ForeignKey("versions.number", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(32))
    list: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(Text, default="")
    matter: Mapped[str] = mapped_column(Text, default="")
    requiring_department: Mapped[str] = mapped_column(Text, default="")
    issuing_authority: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    replacement: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    since_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        Index("ix_items_version_item", "version", "item_id", unique=True),
        Index("ix_items_version_list", "version", "list", "position"),
    )


class Lease(Base):
    """A named lease (e.g. the publish lease); a holder that died lets it expire."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class Draft(Base):
    """An import or edit waiting for review: rows, the importer's report and the diff."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    filename: Mapped[str] = mapped_column(String(300), default="")
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    published_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    progress: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when a publisher (or `lookup user passwd --reset`) chose the password: the user must
    # choose their own at the next sign-in before any other office page opens.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class OfficeSession(Base):
    """A signed-in office session. The cookie holds a random token; only its hash is kept here,
    so ending a session (logout, password or role change, deactivation) ends every copy."""

    __tablename__ = "office_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default="")
    remote_addr: Mapped[str] = mapped_column(String(64), default="")


class Report(Base):
    """A resident's report of being asked for an abolished (or unlisted) certificate: a case
    with a public number, a check code (only its hash is kept) and a due date."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    item_id: Mapped[str] = mapped_column(String(32), default="", index=True)
    certificate: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(200))
    happened_on: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    case_number: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    check_hash: Mapped[str] = mapped_column(String(64), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    contact_erased_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ReportEvent(Base):
    """One step of a case: forwarded to a department, answered, not accepted."""

    __tablename__ = "report_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class ReplyTemplate(Base):
    """A reply the office reuses; {编号} {证明} {单位} {部门} are filled in when chosen."""

    __tablename__ = "reply_templates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), default="answer")  # or "reject"
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RateCounter(Base):
    """Fixed-window counters shared by every worker and node (login throttling, report limits)."""

    __tablename__ = "rate_counters"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    count: Mapped[int] = mapped_column(Integer, default=0)


class QueryStat(Base):
    """Searches counted per hour, normalised query and outcome; no address, digits masked."""

    __tablename__ = "query_stats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bucket: Mapped[datetime] = mapped_column(DateTime)  # the hour (UTC) the searches fell in
    query: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20))  # ok, not_listed, low_confidence, zero_results
    count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_query_stats_key", "bucket", "query", "outcome", unique=True),
        Index("ix_query_stats_outcome", "outcome", "bucket"),
    )
