"""Office accounts: argon2id password hashes (argon2-cffi's RFC 9106 low-memory profile),
password rules (`passwords`), roles and switching accounts off. Whatever changes who a user
is or what they may do ends every session of that user (`sessions.end_all`)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from lookup.core.clock import utcnow
from lookup.core.errors import LookupServiceError, NotFound
from lookup.core.limits import MAX_DB_INT
from lookup.lists.models import User
from lookup.office import passwords, sessions

ROLES = ("editor", "publisher")
# argon2id at argon2-cffi's RFC 9106 low-memory profile: above OWASP's minimum (m 19 MiB, t 2).
HASH_COST = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
_hasher = PasswordHasher(**HASH_COST)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound("unknown_user", f"没有用户「{name.strip()}」。")
    return user


def create_user(
    session: Session, name: str, role: str, password: str, *, must_change: bool = False
) -> User:
    """A new account. `must_change`: the password was chosen for the user (by a publisher),
    who must choose their own at the first sign-in."""
    name = name.strip()
    if role not in ROLES:
        raise LookupServiceError(f"角色必须是 {' / '.join(ROLES)}。", code="bad_role")
    if not name or len(name) > 100:
        raise LookupServiceError("用户名不能为空，且不超过 100 个字符。", code="bad_name")
    passwords.check(password, name)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise LookupServiceError(f"用户「{name}」已存在。", code="user_exists")
    user = User(
        name=name,
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change,
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.name == name.strip(), User.active.is_(True)))
    if user is None:
        _hasher.hash(password)  # same cost whether or not the name exists
        return None
    return user if verify_password(user.password_hash, password) else None


def set_password(session: Session, user: User, password: str, *, must_change: bool) -> None:
    """A new password (checked), every session of the user ended. `must_change`: chosen by
    someone else (a reset), to be replaced by the user at the next sign-in."""
    passwords.check(password, user.name)
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    user.password_changed_at = utcnow()
    session.commit()
    sessions.end_all(session, user.id)


def change_own_password(session: Session, user_id: int, current: str, new: str) -> User:
    """The signed-in user replaces their password; the current one must be given."""
    user = session.get(User, user_id)
    if user is None or not verify_password(user.password_hash, current):
        raise LookupServiceError("当前密码不正确。", code="wrong_password")
    if current == new:
        raise passwords.WeakPassword("新密码不能与当前密码相同。")
    set_password(session, user, new, must_change=False)
    return user


def reset_password(session: Session, name: str, password: str, *, temporary: bool = True) -> dict:
    """A publisher (or the command line) sets the password of an account by name; a
    temporary one must be replaced by the user at the next sign-in."""
    user = _user(session, name)
    set_password(session, user, password, must_change=temporary)
    return _as_dict(user)


def set_role(session: Session, name: str, role: str) -> dict:
    """Change an account's role; its sessions end (the next sign-in has the new rights)."""
    if role not in ROLES:
        raise LookupServiceError(f"角色必须是 {' / '.join(ROLES)}。", code="bad_role")
    user = _user(session, name)
    user.role = role
    session.commit()
    sessions.end_all(session, user.id)
    return _as_dict(user)


def set_active(session: Session, name: str, active: bool) -> dict:
    """Switch an account on or off by name (the command line); switching off ends sessions."""
    user = _user(session, name)
    user.active = active
    session.commit()
    if not active:
        sessions.end_all(session, user.id)
    return _as_dict(user)


def _as_dict(user: User) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "active": user.active,
        "must_change_password": user.must_change_password,
        "password_changed_at": user.password_changed_at,
    }


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
    if not user.active:
        sessions.end_all(session, user.id)
    return _as_dict(user)
