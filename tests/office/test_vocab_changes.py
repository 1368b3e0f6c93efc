"""A vocabulary change proposed from a failed query: read from a form, checked by the
vocabulary's rules against the published lists (every problem at once, in Chinese), applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from lookup.lists import store
from lookup.office import vocab_changes
from lookup.office.vocab_changes import Proposal, VocabularyRefused, apply, check, parse
from lookup.search import vocab, vocab_rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def texts() -> dict[str, str]:
    return vocab.read_texts(ROOT / "data" / "vocab")


def _refusals(app, texts, **form) -> list[str]:
    with pytest.raises(VocabularyRefused) as refused:
        check(parse(form), texts, store.items_of())
    return [p.message for p in refused.value.problems]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            {"kind": "synonym", "words": "办狗证要什么证明", "targets": "居民养犬证明"},
            "“办狗证要什么证明”超过 5 个字",
        ),
        (
            {"kind": "synonym", "words": "狗", "targets": "养犬"},
            "“狗”已写在同义词表中（“养狗 狗 狗狗",
        ),
        ({"kind": "synonym", "words": "犬证 犬证", "targets": "养犬"}, "“犬证”在这一条里写了两次"),
        (
            {"kind": "synonym", "words": "犬证", "targets": "养狗证"},
            "“养狗证”不是当前发布的清单证明名称、办理事项等文字里使用的词",
        ),
        ({"kind": "synonym", "words": "犬#证", "targets": "养犬"}, "“犬#证”含有标点或符号"),
        ({"kind": "synonym", "words": "犬证", "targets": "养犬=>证"}, "不含 # = 等符号"),
        ({"kind": "synonym", "words": "", "targets": "养犬"}, "请填写群众的说法。"),
        ({"kind": "synonym", "words": "犬证", "targets": ""}, "请填写清单中的规范词。"),
        ({"kind": "synonym", "words": "养犬", "targets": "养犬"}, "说法和规范词相同"),
        (
            {"kind": "task", "words": "办狗证", "targets": "居民养犬证明"},
            "“居民养犬证明”不是当前发布的清单办理事项里使用的词",
        ),
        ({"kind": "task", "words": "上户口", "targets": "出生登记"}, "“上户口”已写在办事说法表中"),
        ({"kind": "filler", "words": "无"}, "“无”是否定词，不能作为停用词"),
        ({"kind": "filler", "words": "证明"}, "由检索程序单独处理"),
        ({"kind": "filler", "words": "户籍"}, "“户籍”出现在证明名称“户籍证明”中"),
        ({"kind": "filler", "words": "公墓"}, "“公墓”是同义词表中的词"),
        ({"kind": "filler", "words": "吗"}, "“吗”已在停用词表中"),
        ({"kind": "filler", "words": "请问一下下下"}, "不超过 5 个字"),
        ({"kind": "lookalike", "words": "证正"}, "“证”已在形近字组“证征”中"),
        ({"kind": "lookalike", "words": "拨"}, "至少要有两个不同的字"),
        ({"kind": "lookalike", "words": "a乙己"}, "“a”不是汉字"),
        ({"kind": "lookalike", "words": "咱咱俺"}, "写了两次"),
        ({"kind": "spell", "words": "犬证"}, "请选择要添加的内容"),
        ({"kind": "synonym", "words": "犬" * 201, "targets": "养犬"}, "不超过 200 个字"),
    ],
)
def test_invalid_proposals_are_refused_with_the_right_message(app, texts, form, expected):
    messages = _refusals(app, texts, **form)
    assert any(expected in m for m in messages), messages


def test_every_problem_is_reported_at_once(app, texts):
    messages = _refusals(
        app, texts, kind="synonym", words="狗 办狗证要什么证明", targets="养狗证 居民养犬证明"
    )
    assert len(messages) == 3, messages
    assert "“狗”已写在同义词表中" in messages[0]
    assert "超过 5 个字" in messages[1]
    assert "“养狗证”不是" in messages[2]


@pytest.mark.parametrize(
    ("form", "lines"),
    [
        (
            {
                "kind": "synonym",
                "words": "犬证，宠物证",
                "targets": "居民养犬证明",
                "query": "犬证",
            },
            ["犬证 宠物证 => 居民养犬证明"],
        ),
        ({"kind": "task", "words": "领狗牌", "targets": "养犬登记"}, ["领狗牌 => 养犬登记"]),
        ({"kind": "filler", "words": "咋整 咋弄"}, ["咋整", "咋弄"]),
        ({"kind": "lookalike", "words": "咱 俺"}, ["咱俺"]),
        ({"kind": "synonym", "words": "犬證", "targets": "居民养犬证明"}, ["犬证 => 居民养犬证明"]),
    ],
)
def test_valid_proposals_add_their_lines(app, texts, form, lines):
    proposal = parse(form)
    assert proposal.lines() == lines
    new = check(proposal, texts, store.items_of())
    changed = [name for name in vocab.FILES if new[name] != texts[name]]
    assert changed == [proposal.file]
    assert new[proposal.file] == texts[proposal.file] + "".join(f"{line}\n" for line in lines)
    assert parse(proposal.as_form()) == proposal  # the preview's publish button repeats it


def test_a_file_without_a_final_newline_gets_one_before_the_new_line():
    proposal = Proposal("filler", ("咋整",))
    assert apply(proposal, {vocab.STOPWORDS: "吗"})[vocab.STOPWORDS] == "吗\n咋整\n"
    assert apply(proposal, {})[vocab.STOPWORDS] == "咋整\n"


def test_the_description_names_the_failed_query():
    proposal = parse(
        {"kind": "synonym", "words": "犬证", "targets": "居民养犬证明", "query": "犬证"}
    )
    assert proposal.describe() == "证明的同义词：犬证 => 居民养犬证明（来自查询“犬证”）"


def test_targets_are_checked_against_the_published_lists_not_the_shipped_ones(app, texts):
    """A target is a word of the lists in effect: an item the office added makes its words
    valid targets."""
    form = {"kind": "synonym", "words": "鸭梨证", "targets": "测试专用鸭梨证明"}
    assert "不是当前发布的清单" in _refusals(app, texts, **form)[0]
    items = [*store.items_of(), {"list": "abolished", "name": "测试专用鸭梨证明", "matter": ""}]
    assert check(parse(form), texts, items)


def test_the_shipped_mappings_keep_the_rules_they_are_tested_by(texts):
    """The rules of the office's proposals are those tests/search/test_vocabulary.py applies
    to the shipped files: its synonyms, task names and look-alikes pass them (lines that map a
    word to itself only are harmless and reported as doing nothing)."""
    from lookup.lists.importer import read_table

    items = []
    for kind in ("abolished", "retained"):
        items += read_table(ROOT / "data" / f"{kind}.xlsx", kind).rows
    lists = vocab_rules.ListText.of(items)
    problems = [
        (file, line, p.message)
        for file, line, p in vocab_rules.check_added(texts, {}, lists)
        if file in (vocab.SYNONYMS, vocab.TASKS, vocab.LOOKALIKES) and "不起作用" not in p.message
    ]
    assert problems == []


def test_added_lines_are_those_the_old_text_lacks():
    assert vocab_rules.added_lines("a\nb\nb\nc # x\n", "b\n# c\n") == ["a", "b", "c"]
    assert vocab_changes.KINDS.keys() == {"synonym", "task", "filler", "lookalike"}
