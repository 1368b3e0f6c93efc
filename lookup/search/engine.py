"""The search engine of one published version: its whoosh indexes, items and name catalogue.

An `Engine` is built from a version's items (`load_engine`) and never changes; what the search
works out once per version — the words synonyms must not break apart, each name's context, the
results of repeated questions — is kept on it and dies with it. Which engine a process serves,
and when it moves to a newer version, is `lookup.search.following`'s job.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from lookup.search import indexer, pinyin, vocab
from lookup.search.analysis import Segmenter, get_segmenter
from lookup.search.names import core, name_key
from lookup.search.tasks import Catalogue

CONTEXT_ITEMS = 400  # a name's context is read from at most this many of its items
# The parts of the search that `scripts/eval --ablate` switches off one at a time.
PARTS = ("synonyms", "pinyin", "sound", "shape", "matter", "ngrams", "tasks")


@dataclass(frozen=True)
class Settings:
    """How an engine is built: where its files live, the vocabulary it is built with (and
    which published vocabulary version that is: 0 for the shipped files), what it may keep."""

    home: Path
    vocabulary: vocab.Vocabulary = field(repr=False)
    vocabulary_version: int = 0
    result_cache: int = 512  # whole results of repeated questions kept per engine
    time_limit: float = 2.0  # seconds a full-text search may take
    disabled: frozenset[str] = frozenset()  # PARTS switched off (evaluation only)
    cache: Path | None = None  # jieba's cache folder when not under `home` (previews)

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.home / "cache"


@dataclass
class NameEntry:
    """One distinct certificate name and the positions of its items in `Engine.items`."""

    key: str
    name: str
    items: list[int] = field(default_factory=list)
    options: tuple = ()  # per character, every pinyin reading (for pinyin queries)
    context: str | None = None  # the matters and departments of its items, worked out once


class Engine:
    """The searchers, items and per-version caches of one published version."""

    def __init__(
        self, version: int, seg: Segmenter, indexes, items: list[dict], settings: Settings
    ) -> None:
        self.version = version
        self.seg = seg
        self.settings = settings
        self.names_ix, self.items_ix = indexes
        self.items = items
        self.names: dict[str, NameEntry] = {}
        self.matter_terms: list[frozenset[str]] = []
        self.by_id = {item["id"]: i for i, item in enumerate(items)}
        self.names_searcher = self.items_searcher = None
        self._official: tuple[frozenset[str], frozenset[str]] | None = None
        self._results: OrderedDict = OrderedDict()
        self.text_postings: OrderedDict = OrderedDict()  # full text's scored terms (fulltext)
        self.items_of_docs: array | None = None  # items index document → item position
        self.name_postings: OrderedDict = OrderedDict()  # the same for the names index
        self._name_docs: list[NameEntry | None] | None = None
        self._lock = threading.Lock()
        self._catalogue()
        self.tasks = Catalogue(items, seg)

    def _catalogue(self) -> None:
        # Province lists repeat names and matters: work out each distinct text once, share sets.
        keys: dict[str, str] = {}
        terms = indexer.TermCache(self.seg)
        sets: dict[str, frozenset[str]] = {}
        for i, item in enumerate(self.items):
            key = keys.get(item["name"])
            if key is None:
                key = keys[item["name"]] = name_key(item["name"])
            entry = self.names.get(key)
            if entry is None:
                entry = self.names[key] = NameEntry(key=key, name=item["name"])
            entry.items.append(i)
            found = sets.get(item["matter"])
            if found is None:
                found = sets[item["matter"]] = frozenset(terms(item["matter"]).split())
            self.matter_terms.append(found)
        for entry in self.names.values():
            entry.options = pinyin.syllable_options(entry.key)

    def uses(self, part: str) -> bool:
        """Whether a part of the search (PARTS) is on; all are, except in an ablation."""
        return part not in self.settings.disabled

    def open(self) -> Engine:
        """Open this process's own searchers (open files must not be shared across a fork)."""
        self.names_searcher = self.names_ix.searcher()
        self.items_searcher = self.items_ix.searcher()
        return self

    def close(self) -> None:
        for searcher in (self.names_searcher, self.items_searcher):
            if searcher is not None:
                searcher.close()
        self.names_searcher = self.items_searcher = None

    def official_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """Words synonyms must not break apart: those the published lists use, and dictionary
        words that are not everyday aliases themselves (社保卡 is not 社保)."""
        if self._official is None:
            texts = {i["name"] for i in self.items} | {i["matter"] for i in self.items}
            corpus = "\n".join(texts)
            words = self.seg.vocab
            # The lists' own names come first: a new list's 准予迁入证明 is not an alias of ours.
            names = {n for e in self.names.values() for n in (e.key, core(e.key)) if len(n) > 1}
            # The words of the matters too: 养孩子 must not break 收养 in 收养孩子.
            matters = {w for m in {i["matter"] for i in self.items} for w in self.tasks.words_of(m)}
            listed = names | matters
            listed |= {w for w in words.userdict_words if len(w) > 1 and w in corpus}
            other = {
                w
                for w in words.userdict_words
                if len(w) > 1 and w not in corpus and w not in words.synonyms
            }
            self._official = (frozenset(listed), frozenset(other))
        return self._official

    def context(self, entry: NameEntry) -> str:
        """The matters and departments of a name's items, as one text to look phrases up in."""
        if entry.context is None:
            texts = set()
            for i in entry.items[:CONTEXT_ITEMS]:
                item = self.items[i]
                texts.update(
                    (item["matter"], item["requiring_department"], item["issuing_authority"])
                )
            entry.context = "\n".join(texts)
        return entry.context

    def warm(self) -> Engine:
        """Do the per-version first-use work now (before a fork, or off the request path)."""
        self.official_words()
        for entry in self.names.values():
            self.context(entry)
        self.documents()
        self.name_documents()
        return self

    def name_documents(self) -> list[NameEntry | None]:
        """Names index document number → its name's entry."""
        if self._name_docs is None:
            with self.names_ix.reader() as reader:
                out: list[NameEntry | None] = [None] * reader.doc_count_all()
                for docnum, fields in reader.iter_docs():
                    out[docnum] = self.names.get(fields["key"])
            self._name_docs = out
        return self._name_docs

    def documents(self) -> array:
        """Items index document number → position in `items` (-1: no such item)."""
        if self.items_of_docs is None:
            with self.items_ix.reader() as reader:
                out = array("i", [-1]) * reader.doc_count_all()
                for docnum, fields in reader.iter_docs():
                    out[docnum] = self.by_id.get(fields["id"], -1)
            self.items_of_docs = out
        return self.items_of_docs

    def cached(self, key: tuple):
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
            return hit

    def forget_results(self) -> None:
        """Drop the kept results (benchmarks measure uncached searches this way)."""
        with self._lock:
            self._results.clear()

    def remember(self, key: tuple, value) -> None:
        with self._lock:
            self._results[key] = value
            while len(self._results) > self.settings.result_cache:
                self._results.popitem(last=False)


def load_engine(
    settings: Settings, version: int, items: list[dict], *, private: bool = False
) -> Engine:
    """Open (building when needed) the index of a version and the catalogue of its names.

    A `private` engine (a preview of another vocabulary) has a segmenter of its own instead
    of the process-wide one, which the serving engine shares."""
    vocabulary = settings.vocabulary
    if private:
        seg = Segmenter(vocabulary, settings.cache_dir)
    else:
        seg = get_segmenter(vocabulary, settings.cache_dir)
    if not indexer.is_built(settings.home, version, vocabulary.digest):
        with indexer.build_lock(settings.home):
            indexer.build(settings.home, version, items, seg)
    indexes = indexer.open_version(settings.home, version, vocabulary.digest)
    return Engine(version, seg, indexes, items, settings).open()
