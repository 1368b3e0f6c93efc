"""The project's tokenizer with the shipped vocabulary (data/vocab)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lookup.core.config import PROJECT_ROOT
from lookup.core.text import normalise_query
from lookup.search import vocab
from lookup.search.analysis import ListTokenizer, Segmenter, bigrams, get_segmenter, tokens

VOCAB_DIR = PROJECT_ROOT / "data" / "vocab"


@pytest.fixture(scope="module")
def seg(tmp_path_factory) -> Segmenter:
    return get_segmenter(vocab.load(VOCAB_DIR), tmp_path_factory.mktemp("home") / "cache")


def test_vocabulary_files_are_there():
    vocabulary = vocab.load(VOCAB_DIR)
    assert "亲属关系证明" in vocabulary.userdict_words
    assert "亲属关系" in vocabulary.synonyms["母子"]
    assert "吗" in vocabulary.stopwords
    # comments are not words
    assert not any(w.startswith("#") for w in vocabulary.userdict_words)
    assert len(vocabulary.digest) == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("亲属关系证明", ["亲属关系证明"]),
        ("無犯罪記錄證明", ["无犯罪记录证明"]),
        ("办居住证还要开亲属关系证明吗", ["办", "居住证", "还要", "开", "亲属关系证明", "吗"]),
        ("我要开个证明", ["我", "要", "开", "个", "证明"]),
        ("户口准迁证", ["户口准迁证"]),
        ("ＡＢＣ１２３ 房屋", ["abc123", "房屋"]),
    ],
)
def test_words_with_the_user_dictionary(seg, text, expected):
    assert [w for w, _s, _e in seg.words(normalise_query(text))] == expected


def test_word_offsets_are_contiguous(seg):
    text = "办居住证还要开亲属关系证明吗"
    words = seg.words(text)
    assert words[0][1] == 0
    assert all(a[2] == b[1] for a, b in zip(words, words[1:], strict=False))
    assert words[-1][2] == len(text)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("亲属关系证明", {"亲属", "关系", "证明", "亲属关系"}),
        ("无犯罪记录证明", {"犯罪", "记录", "证明", "犯罪记录"}),
        ("证明", set()),
        ("户", set()),
    ],
)
def test_sub_words_of_long_words(seg, word, expected):
    assert expected <= set(seg.sub_words(word))
    assert word not in seg.sub_words(word)
    if not expected:
        assert seg.sub_words(word) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single characters are kept (jieba's ChineseAnalyzer drops them)
        ("我要开个证明", ["我", "要", "开", "个", "证明"]),
        # no stemming of Latin words (ChineseAnalyzer applies an English stemmer)
        ("running tests", ["running", "tests"]),
        ("出生证明", ["出生证明", "出生", "证明", "出生证"]),
    ],
)
def test_tokens(seg, text, expected):
    assert tokens(seg, text) == expected


def test_tokens_without_sub_words(seg):
    assert tokens(seg, "亲属关系证明", sub_words=False) == ["亲属关系证明"]


def test_positions_count_words_not_characters(seg):
    terms = tokens(seg, "办居住证还要开亲属关系证明吗", sub_words=False)
    got = [(t.text, t.pos) for t in ListTokenizer()(" ".join(terms), positions=True)]
    assert got == [(t, i) for i, t in enumerate(terms)]
    # 亲属关系证明 starts at character 7 but is the fifth word
    assert ("亲属关系证明", 4) in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("亲属关系", ["亲属", "属关", "关系"]),
        ("户", ["户"]),
        ("a户b口簿", ["户", "口簿"]),
        ("", []),
    ],
)
def test_bigrams(text, expected):
    assert bigrams(text) == expected


SAMPLES = [
    "办居住证还要开亲属关系证明吗",
    "证明我妈是我妈",
    "無犯罪記錄證明",
    "独生子女父母奖励扶助",
    "房屋租赁证明和居住证明",
    "出生医学证明 户口迁移证",
]


def test_the_same_text_splits_the_same_in_another_process(seg, tmp_path):
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from lookup.search import vocab\n"
        "from lookup.search.analysis import get_segmenter, tokens\n"
        "seg = get_segmenter(vocab.load(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(json.dumps([tokens(seg, t) for t in json.loads(sys.argv[3])]))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(VOCAB_DIR),
            str(tmp_path / "cache"),
            json.dumps(SAMPLES),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert json.loads(out.stdout) == [tokens(seg, t) for t in SAMPLES]


def test_jieba_cache_lands_under_the_home(tmp_path):
    before = {p.name for p in Path(tempfile.gettempdir()).glob("jieba*.cache")}
    cache = tmp_path / "home" / "cache"
    Segmenter(vocab.load(VOCAB_DIR), cache)
    assert (cache / "jieba.cache").is_file()
    after = {p.name for p in Path(tempfile.gettempdir()).glob("jieba*.cache")}
    assert after <= before


def test_app_puts_the_jieba_cache_under_lookup_home(tmp_path):
    # A fresh process (the segmenter is process-wide) with an empty temp dir of its own.
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    tmp.mkdir()
    script = (
        "from lookup import create_app\n"
        "from lookup.web.serving import before_fork\n"
        "before_fork(create_app())\n"
    )
    env = {**os.environ, "LOOKUP_HOME": str(home), "TMPDIR": str(tmp), "PYTHONWARNINGS": "ignore"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=PROJECT_ROOT, env=env)
    assert (home / "cache" / "jieba.cache").is_file()
    assert list(tmp.iterdir()) == []


def test_segmenter_is_shared_per_vocabulary(tmp_path):
    vocabulary = vocab.load(VOCAB_DIR)
    assert get_segmenter(vocabulary, tmp_path / "a") is get_segmenter(vocabulary, tmp_path / "b")
