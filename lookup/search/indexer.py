"""One whoosh index per published version, built in a temporary sibling and renamed into place.

A version's folder holds two whoosh indexes: `names` (one document per distinct certificate
name, small even at province scale) and `items` (every item, for matter/department/basis text),
and `meta.json`, written last, which records the version and the vocabulary digest it was built
with. A folder without `meta.json` is not an index.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from lookup.core.errors import IndexMissing
from lookup.core.text import normalise_query
from lookup.search import pinyin
from lookup.search.analysis import ListTokenizer, Segmenter, bigrams, tokens
from lookup.search.names import name_key

PROGRESS_EVERY = 2000

KEEP_VERSIONS = 3


def _terms() -> TEXT:
    return TEXT(analyzer=ListTokenizer(), phrase=False)


NAMES_SCHEMA = Schema(key=ID(stored=True, unique=True), name=_terms(), grams=_terms(), py=_terms())
ITEMS_SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    name=_terms(),
    matter=_terms(),
    dept=_terms(),
    other=_terms(),
)


def name_terms(seg: Segmenter, name: str) -> dict[str, str]:
    key = name_key(name)
    return {
        "name": " ".join(tokens(seg, name)),
        "grams": " ".join(bigrams(key)),
        "py": " ".join(pinyin.fuzzy_bigrams(key)),
    }


def indexes_root(home: str | Path) -> Path:
    return Path(home) / "indexes"


def version_dir(home: str | Path, version: int, digest: str) -> Path:
    return indexes_root(home) / f"v{version}-{digest}"


def is_built(home: str | Path, version: int, digest: str) -> bool:
    return (version_dir(home, version, digest) / "meta.json").exists()


@contextmanager
def build_lock(home: str | Path, blocking: bool = True):
    """One index builder per node (per LOOKUP_HOME); yields False when not blocking and busy."""
    root = indexes_root(home)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class TermCache:
    """`analysis.tokens` with memory: province lists repeat the same texts thousands of times.

    Normalised text has single spaces between chunks, and jieba segments each space-free chunk
    on its own, so the terms of a text are the terms of its chunks in order (the same list as
    `tokens`, as tests/test_indexer_terms.py checks); each chunk and text is segmented once.
    """

    def __init__(self, seg: Segmenter) -> None:
        self.seg = seg
        self._texts: dict[str, str] = {}
        self._chunks: dict[str, list[str]] = {}

    def _chunk(self, chunk: str) -> list[str]:
        terms = self._chunks.get(chunk)
        if terms is None:
            terms = []
            for word, _s, _e in self.seg.words(chunk):
                terms.append(word)
                terms.extend(self.seg.sub_words(word))
            self._chunks[chunk] = terms
        return terms

    def __call__(self, *texts: str) -> str:
        """The terms of the texts joined by spaces, space-separated (the ListTokenizer input)."""
        out = []
        for text in texts:
            joined = self._texts.get(text)
            if joined is None:
                norm = normalise_query(text)
                joined = " ".join(t for c in norm.split(" ") if c for t in self._chunk(c))
                self._texts[text] = joined
            if joined:
                out.append(joined)
        return " ".join(out)


def _write(ix, docs: Iterable[dict], say: Callable[[str], None] | None = None) -> int:
    # One segment, no merging: the whole index is written once and never updated. One process:
    # whoosh's multiprocessing writer interleaves documents, which would reorder score ties.
    writer = ix.writer(procs=1, limitmb=256)
    count = 0
    for doc in docs:
        writer.add_document(**doc)
        count += 1
    if say:
        say(f"写入索引文件（{count} 项）")
    writer.commit(optimize=False)
    return count


def _write_both(
    folder: Path, items: list[dict], seg: Segmenter, progress: Callable[[str], None] | None
) -> tuple[int, int]:
    """Write the names and items indexes of a version into `folder`; their document counts."""
    started = time.monotonic()
    names: dict[str, str] = {}
    for item in items:
        names.setdefault(name_key(item["name"]), item["name"])
    names_ix = whoosh_index.create_in(folder, NAMES_SCHEMA, indexname="names")
    n_names = _write(
        names_ix, ({"key": key, **name_terms(seg, name)} for key, name in names.items())
    )
    items_ix = whoosh_index.create_in(folder, ITEMS_SCHEMA, indexname="items")
    terms = TermCache(seg)

    def item_docs():
        for i, item in enumerate(items, 1):
            if progress and i % PROGRESS_EVERY == 0:
                progress(f"索引 {i}/{len(items)}（{time.monotonic() - started:.0f} 秒）")
            yield {
                "id": item["id"],
                "name": terms(item["name"]),
                "matter": terms(item["matter"]),
                "dept": terms(item["requiring_department"], item["issuing_authority"]),
                "other": terms(item["basis"], item["replacement"], item["note"]),
            }

    return n_names, _write(items_ix, item_docs(), progress)


def build(
    home: str | Path,
    version: int,
    items: list[dict],
    seg: Segmenter,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the index of a version (no-op when built); return its folder."""
    digest = seg.vocab.digest
    final = version_dir(home, version, digest)
    if is_built(home, version, digest):
        return final
    root = indexes_root(home)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-v{version}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    tmp.mkdir()
    try:
        started = time.monotonic()
        n_names, n_items = _write_both(tmp, items, seg, progress)
        check(tmp, n_names, n_items)
        meta = {
            "version": version,
            "vocab": digest,
            "names": n_names,
            "items": n_items,
            "seconds": round(time.monotonic() - started, 2),
        }
        (tmp / "meta.json").write_text(json.dumps(meta))
        if final.exists() and not is_built(home, version, digest):
            # Left by a build that died (no meta.json): it would make the rename fail forever.
            shutil.rmtree(final)
        try:
            os.rename(tmp, final)
        except OSError:
            if not is_built(home, version, digest):
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    prune(home, keep_from=version - KEEP_VERSIONS)
    return final


def check(folder: Path, n_names: int, n_items: int) -> None:
    """Open what was written and compare document counts before it may be used."""
    for name, expected in (("names", n_names), ("items", n_items)):
        ix = whoosh_index.open_dir(folder, indexname=name)
        with ix.searcher() as searcher:
            if searcher.doc_count() != expected:
                raise RuntimeError(f"index {name}: {searcher.doc_count()} != {expected}")


def open_version(home: str | Path, version: int, digest: str):
    """Open the two indexes of a built version; raise IndexMissing with the fix otherwise."""
    folder = version_dir(home, version, digest)
    if not is_built(home, version, digest):
        raise IndexMissing(f"版本 {version} 的索引不存在，请运行 `lookup index rebuild`。")
    names = whoosh_index.open_dir(folder, indexname="names")
    items = whoosh_index.open_dir(folder, indexname="items")
    return names, items


def prune(home: str | Path, keep_from: int) -> None:
    """Remove indexes of versions older than keep_from, and temporary folders of dead builds."""
    root = indexes_root(home)
    for path in root.iterdir():
        if path.name.startswith(".tmp-"):
            try:
                pid = int(path.name.split("-")[2])
                os.kill(pid, 0)
            except (ValueError, IndexError, ProcessLookupError):
                shutil.rmtree(path, ignore_errors=True)
            except PermissionError:
                pass
            continue
        if path.name.startswith("v") and path.is_dir():
            try:
                number = int(path.name[1:].split("-")[0])
            except ValueError:
                continue
            if number < keep_from:
                shutil.rmtree(path, ignore_errors=True)
