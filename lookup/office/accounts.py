"""Office accounts: argon2id password hashes (argon2-cffi's RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from lookup.core.errors import LookupServiceError
from lookup.core.limits import MAX_DB_INT
from lookup.lists.models import User

ROLES = ("editor", "publisher")
_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4: above OWASP's minimum


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(session: Session, name: str, role: str, password: str) -> User:
    name = name.strip()
    if role not in ROLES:
        raise LookupServiceError(f"角色必须是 {' / '.join(ROLES)}。", code="bad_role")
    if not name or len(name) > 100:
        raise LookupServiceError("用户名不能为空，且不超过 100 个字符。", code="bad_name")
    if len(password) < 10:
        raise LookupServiceError("密码至少 10 个字符。", code="weak_password")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise LookupServiceError(f"用户「{name}」已存在。", code="user_exists")
    user = User(name=name, role=role, password_hash=hash_password(password))
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.name == name.strip(), User.active.is_(True)))
    if user is None:
        _hasher.hash(password)  # same cost whether or not the name exists
        return None
    return user if verify_password(user.password_hash, password) else None


def _as_dict(user: User) -> dict:
    return {"id": user.id, "name": user.name, "role": user.role, "active": user.active}


def list_users(session: Session) -> list[dict]:
    """Every office account, by name."""
    return [_as_dict(u) for u in session.scalars(select(User).order_by(User.name))]


def toggle_active(session: Session, user_id: int, by_user_id: int) -> dict:
    """Switch an account off (its sessions end at once) or on again; never one's own."""
    user = session.get(User, user_id) if 0 < user_id <= MAX_DB_INT else None
    if user is None or user.id == by_user_id:
        raise LookupServiceError("无法更改这个账号（不能停用自己）。", code="bad_user")
    user.active = not user.active
    session.commit()
    return _as_dict(user)
