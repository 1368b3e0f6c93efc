"""`lookup vocab`: list versions, export the files in effect, publish a folder, roll back;
audited with the OS user like the office's pages."""

from __future__ import annotations

import getpass
from pathlib import Path

from sqlalchemy import select
from support import search

from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry
from lookup.office import vocabularies
from lookup.search import vocab

ROOT = Path(__file__).resolve().parents[2]
DOG = "犬证 宠物证 => 居民养犬证明\n"


def _export(runner, folder: Path, *args: str) -> None:
    result = runner.invoke(args=["vocab", "export", str(folder), *args])
    assert result.exit_code == 0, result.output


def _append(folder: Path, name: str, line: str) -> None:
    with open(folder / name, "a", encoding="utf-8") as fh:
        fh.write(line)


def test_versions_export_publish_and_rollback(app, runner, tmp_path):
    listed = runner.invoke(args=["vocab", "versions"])
    assert listed.exit_code == 0, listed.output
    assert "词表版本 0  随程序发布的默认词表（data/vocab）  （正在使用）" in listed.output

    folder = tmp_path / "vocab"
    _export(runner, folder)
    assert vocab.read_texts(folder) == vocab.read_texts(ROOT / "data" / "vocab")

    _append(folder, vocab.SYNONYMS, DOG)
    result = runner.invoke(
        args=["vocab", "publish", str(folder), "--note", "群众常说犬证", "--author", "张三"]
    )
    assert result.exit_code == 0, result.output
    assert "已发布检索词表第 1 版" in result.output
    assert search(app, "犬证")["answer"]["status"] == "abolished"
    listed = runner.invoke(args=["vocab", "versions"])
    assert "群众常说犬证  （正在使用）" in listed.output
    assert f"张三（{getpass.getuser()}）" in listed.output

    again = tmp_path / "again"
    _export(runner, again, "--version", "1")
    assert (again / vocab.SYNONYMS).read_text(encoding="utf-8").endswith(DOG)

    back = runner.invoke(args=["vocab", "rollback", "0"])
    assert back.exit_code == 0, back.output
    assert "已将词表版本 0 的内容发布为检索词表第 2 版" in back.output
    assert search(app, "犬证")["answer"]["status"] == "not_listed"
    assert vocabularies.current_number(app) == 2

    entries = get_session().scalars(
        select(AuditEntry).where(AuditEntry.action.like("vocab_%")).order_by(AuditEntry.id)
    )
    audited = [(e.action, e.user, e.remote_addr) for e in entries]
    assert audited == [
        ("vocab_publish", f"张三（{getpass.getuser()}）", "命令行"),
        ("vocab_rollback", getpass.getuser(), "命令行"),
    ]


def test_added_lines_that_break_the_rules_are_refused(app, runner, tmp_path):
    folder = tmp_path / "vocab"
    _export(runner, folder)
    _append(folder, vocab.SYNONYMS, "办狗证要什么证明 => 养狗证\n")
    _append(folder, vocab.STOPWORDS, "无\n")
    result = runner.invoke(args=["vocab", "publish", str(folder)])
    assert result.exit_code == 1
    assert "以下新增的行不符合词表规则，未做任何更改" in result.output
    assert (
        "synonyms.txt “办狗证要什么证明 => 养狗证”：“办狗证要什么证明”超过 5 个字" in result.output
    )
    assert "“养狗证”不是当前发布的清单" in result.output
    assert "stopwords.txt “无”：“无”是否定词" in result.output
    assert vocabularies.current_number(app) == 0


def test_a_folder_missing_a_file_or_unchanged_is_refused(app, runner, tmp_path):
    folder = tmp_path / "vocab"
    _export(runner, folder)
    same = runner.invoke(args=["vocab", "publish", str(folder)])
    assert same.exit_code == 1
    assert "无需发布" in same.output
    (folder / vocab.USERDICT).unlink()
    missing = runner.invoke(args=["vocab", "publish", str(folder)])
    assert missing.exit_code == 1
    assert "缺少 userdict.txt" in missing.output
    (folder / vocab.USERDICT).write_bytes(b"\xff\xfe\x00")
    garbled = runner.invoke(args=["vocab", "publish", str(folder)])
    assert garbled.exit_code == 1
    assert "UTF-8" in garbled.output
    assert vocabularies.current_number(app) == 0


def test_an_unknown_version_is_refused(runner, tmp_path):
    rollback = runner.invoke(args=["vocab", "rollback", "9"])
    assert rollback.exit_code == 1
    assert "错误：词表版本 9 不存在或未发布。" in rollback.output
    export = runner.invoke(args=["vocab", "export", str(tmp_path / "x"), "--version", "9"])
    assert export.exit_code == 1
    assert "词表版本 9 不存在" in export.output
