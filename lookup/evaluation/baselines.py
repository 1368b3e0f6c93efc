"""What the stack does with library defaults, measured over the same items in the same run."""

from __future__ import annotations

import tempfile
import warnings

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lookup.lists.models import Item

FIELDS = ("name", "matter", "requiring_department", "issuing_authority", "basis", "replacement")


def _as_result(hits: list[dict]) -> dict:
    status = hits[0]["list"] if hits else "not_listed"
    return {"answer": {"status": status}, "results": hits}


class PlainWhoosh:
    """whoosh + jieba's bundled ChineseAnalyzer + the default MultifieldParser (AND)."""

    def __init__(self, items: list[dict]) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from jieba.analyse import ChineseAnalyzer
            from whoosh import index
            from whoosh.fields import ID, TEXT, Schema
            from whoosh.qparser import MultifieldParser

        analyzer = ChineseAnalyzer()
        schema = Schema(pk=ID(stored=True), **{f: TEXT(analyzer=analyzer) for f in FIELDS})
        self._dir = tempfile.TemporaryDirectory(prefix="plain-whoosh-")
        ix = index.create_in(self._dir.name, schema)
        writer = ix.writer()
        for n, item in enumerate(items):
            writer.add_document(pk=str(n), **{f: item[f] or "" for f in FIELDS})
        writer.commit()
        self.items = items
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(list(FIELDS), schema)

    def __call__(self, query: str) -> dict:
        hits = self.searcher.search(self.parser.parse(query), limit=10)
        return _as_result([self.items[int(h["pk"])] for h in hits])

    def close(self) -> None:
        self.searcher.close()
        self._dir.cleanup()


class SqlLike:
    """A list page's filter: the whole query as a `LIKE '%q%'` over the text columns."""

    def __init__(self, session: Session, version: int) -> None:
        self.session = session
        self.version = version

    def __call__(self, query: str) -> dict:
        pattern = f"%{query.strip()}%"
        rows = self.session.scalars(
            select(Item)
            .where(Item.version == self.version)
            .where(or_(*(getattr(Item, f).like(pattern) for f in FIELDS)))
            .order_by(Item.list, Item.position)
            .limit(10)
        )
        return _as_result(
            [{"id": r.item_id, **{f: getattr(r, f) for f in (*FIELDS, "list")}} for r in rows]
        )
