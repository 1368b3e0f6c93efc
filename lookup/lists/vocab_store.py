"""Reading and writing vocabulary versions (the office's search vocabulary), as plain dicts.

Version 0 is not stored: it stands for the shipped files in data/vocab, which are in effect
until the office publishes a version. A version's `files` are the texts of every vocabulary
file, or None when it returns to the shipped files.
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select, update
from sqlalchemy.orm import Session

from lookup.lists.models import VocabVersion, utcnow

SHIPPED = 0
_upgraded: set[str] = set()  # databases known to have the table


def current_number(session: Session) -> int:
    """The newest published vocabulary version, 0 when the shipped files are in effect (also
    in a store not upgraded yet: a node on new code keeps serving until `lookup db upgrade`)."""
    url = session.get_bind().url.render_as_string()
    if url not in _upgraded:
        if not inspect(session.connection()).has_table(VocabVersion.__tablename__):
            return SHIPPED
        _upgraded.add(url)
    number = session.scalar(
        select(func.max(VocabVersion.number)).where(VocabVersion.status == "published")
    )
    return int(number or SHIPPED)


def _dict(row: VocabVersion, *, texts: bool) -> dict:
    data = {
        "number": row.number,
        "created_at": row.created_at,
        "published_at": row.published_at,
        "note": row.note,
        "author": row.author,
        "source": row.source,
        "digest": row.digest,
        "shipped": row.files is None,
        "changes": row.changes or {},
    }
    if texts:
        data["files"] = dict(row.files) if row.files is not None else None
    return data


def get(session: Session, number: int) -> dict | None:
    """A published version with its texts, or None."""
    if not 0 < number < 2**31:
        return None
    row = session.get(VocabVersion, number)
    if row is None or row.status != "published":
        return None
    return _dict(row, texts=True)


def versions(session: Session, limit: int = 200) -> list[dict]:
    """Published versions, newest first, without their texts."""
    rows = session.scalars(
        select(VocabVersion)
        .where(VocabVersion.status == "published")
        .order_by(VocabVersion.number.desc())
        .limit(limit)
    )
    return [_dict(row, texts=False) for row in rows]


def create(
    session: Session,
    files: dict[str, str] | None,
    *,
    digest: str,
    note: str,
    author: str,
    source: str,
    changes: dict,
) -> int:
    """Store a new version, status `building` (no reader sees it yet); return its number."""
    number = int(session.scalar(select(func.max(VocabVersion.number))) or 0) + 1
    session.add(
        VocabVersion(
            number=number,
            status="building",
            files=files,
            digest=digest,
            note=note,
            author=author[:100],
            source=source[:200],
            changes=changes,
        )
    )
    session.commit()
    return number


def mark_published(session: Session, number: int) -> None:
    session.execute(
        update(VocabVersion)
        .where(VocabVersion.number == number)
        .values(status="published", published_at=utcnow())
    )
    session.commit()


def mark_failed(session: Session, number: int) -> None:
    """A version whose index could not be built never takes effect; its number is not reused."""
    session.rollback()
    session.execute(
        update(VocabVersion).where(VocabVersion.number == number).values(status="failed")
    )
    session.commit()


def discard_unfinished(session: Session) -> list[int]:
    """Versions left `building` by a publish that died become `failed`."""
    numbers = list(
        session.scalars(select(VocabVersion.number).where(VocabVersion.status == "building"))
    )
    if numbers:
        session.execute(
            update(VocabVersion).where(VocabVersion.number.in_(numbers)).values(status="failed")
        )
        session.commit()
    return numbers
