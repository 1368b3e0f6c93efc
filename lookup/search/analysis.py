"""The project's own jieba-based tokenizer, and the whoosh tokenizer of prepared terms.

jieba's bundled ChineseAnalyzer stores character offsets as positions, stems and drops single
characters (DESIGN, "Known traps"). Here the project turns text into terms itself, the same way
for the index and for queries, and whoosh only stores the prepared terms: the index schema holds
no reference to jieba, and an index records the vocabulary digest it was built with.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from lookup.core.text import is_han, normalise_query
from lookup.search.vocab import Vocabulary

_lock = threading.Lock()
_segmenters: dict[str, Segmenter] = {}


class Segmenter:
    """A jieba tokenizer with the project's user dictionary, its cache under LOOKUP_HOME."""

    def __init__(self, vocab: Vocabulary, cache_dir: Path) -> None:
        import jieba  # imported here so that only the search layer pays for it

        jieba.setLogLevel(logging.WARNING)
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = str(cache_dir)
        self._jieba.cache_file = "jieba.cache"
        self._jieba.initialize()
        if vocab.userdict_lines:
            # Parsed lines, not the path: jieba would read the `#` comments as words and never
            # close the file it opens (a ResourceWarning, an error under filterwarnings=error).
            self._jieba.load_userdict(io.StringIO("\n".join(vocab.userdict_lines)))
        for alias in vocab.synonyms:
            if len(alias) > 1 and all(is_han(c) for c in alias):
                self._jieba.add_word(alias, freq=50)
        # The official words synonyms bring in must come out whole (在读, not 在 + 读).
        targets = {t for ts in vocab.synonyms.values() for t in ts}
        for word in targets:
            if len(word) > 1 and all(is_han(c) for c in word):
                self._jieba.add_word(word, freq=max(self._jieba.FREQ.get(word, 0), 3000))
        self.vocab = vocab

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """Words with character offsets; no HMM, so that the same text always splits the same."""
        out = []
        pos = 0
        for word in self._jieba.cut(text, HMM=False):
            start = pos
            pos += len(word)
            if word.strip():
                out.append((word, start, pos))
        return out

    def sub_words(self, word: str) -> list[str]:
        """Dictionary words inside a longer word (亲属关系证明 → 亲属, 关系, 证明, 亲属关系)."""
        if len(word) <= 2:
            return []
        freq = self._jieba.FREQ
        found = []
        for size in (2, 3, 4):
            if size >= len(word):
                break
            for i in range(len(word) - size + 1):
                piece = word[i : i + size]
                if freq.get(piece) and piece not in found:
                    found.append(piece)
        return found


def get_segmenter(vocab: Vocabulary, cache_dir: Path) -> Segmenter:
    """The process-wide segmenter for a vocabulary (loaded once, shared by index and queries)."""
    with _lock:
        seg = _segmenters.get(vocab.digest)
        if seg is None:
            seg = Segmenter(vocab, cache_dir)
            _segmenters.clear()
            _segmenters[vocab.digest] = seg
        return seg


def has_segmenter(vocab: Vocabulary) -> bool:
    """Whether this process already holds the segmenter of a vocabulary (making one takes a
    second or more: jieba's dictionary and the vocabulary's words). Without the lock, which a
    segmenter being made holds for those seconds: the request asking must not wait."""
    return vocab.digest in _segmenters


def tokens(seg: Segmenter, text: str, *, sub_words: bool = True) -> list[str]:
    """The terms a text is indexed and searched by (normalised, words plus sub-words)."""
    out: list[str] = []
    for word, _s, _e in seg.words(normalise_query(text)):
        if word == " ":
            continue
        out.append(word)
        if sub_words:
            out.extend(seg.sub_words(word))
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of Han characters; a lone character stands for itself."""
    out: list[str] = []
    run = ""
    for ch in text + " ":
        if is_han(ch):
            run += ch
            continue
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        run = ""
    return out


class ListTokenizer(Tokenizer):
    """Indexes a prepared list of terms (bigrams, pinyin keys) given as space-separated text."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, term in enumerate(value.split()):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + i
            yield t
