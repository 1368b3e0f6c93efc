"""The indexer's memoised terms are exactly the terms `analysis.tokens` gives."""

from __future__ import annotations

from pathlib import Path

from lookup.lists import store
from lookup.search import indexer, vocab
from lookup.search.analysis import get_segmenter, tokens

TRICKY = [
    "",
    "  ",
    "《中华人民共和国户口登记条例》第七条；第3款 a-b_c",
    "親屬關係證明（平湖市）",
    "ＡＢＣ１２３ 告知承诺\n部门核验",
    "平湖市：出生医学证明已实现电子证照的，可通过数据共享获取",
]


def test_term_cache_matches_tokens(app):
    seg = get_segmenter(vocab.load(app.config["VOCAB_DIR"]), Path(app.config["LOOKUP_HOME"]))
    terms = indexer.TermCache(seg)
    texts = list(TRICKY)
    for item in store.items_of():
        texts += [item[f] for f in ("name", "matter", "basis", "replacement", "note")]
    for text in texts + texts:  # the second round comes from memory
        assert terms(text) == " ".join(tokens(seg, text))
    parts = (TRICKY[2], TRICKY[4], TRICKY[5])
    assert terms(*parts) == " ".join(tokens(seg, " ".join(parts)))
