"""Load the uploaded bytes and tell .xlsx from .csv by content, never by file name.

A renamed file (an .xlsx saved as "清单.csv") is still read as a workbook; old binary formats,
Word documents, PDFs and other junk are refused with a sentence saying what to do instead.
"""

from __future__ import annotations

import os
import re

from lookup.lists.importer.problems import ImportFileError

MAX_BYTES = 100 * 1024 * 1024
XLSX = "xlsx"
CSV = "csv"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def load_bytes(source: str | os.PathLike | bytes) -> bytes:
    """The file's bytes, refusing empty and over-large files before reading them whole."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            if os.path.getsize(source) > MAX_BYTES:
                raise ImportFileError("文件超过 100 MB，超出一次导入的上限，请拆分后再导入。")
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise ImportFileError(f"无法打开文件：{os.fspath(source)}") from exc
    if len(data) > MAX_BYTES:
        raise ImportFileError("文件超过 100 MB，超出一次导入的上限，请拆分后再导入。")
    if not data.strip():
        raise ImportFileError("文件是空的，没有任何内容。")
    return data


def sniff(data: bytes) -> str:
    """``"xlsx"`` for a zip container (checked further by the xlsx reader), else ``"csv"``."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return XLSX
    if data.startswith(_OLE):
        raise ImportFileError(
            "这是旧版 Excel（.xls）或加密的工作簿，无法直接读取；"
            "请在 Excel 中“另存为” .xlsx（不设密码）后再导入。"
        )
    if data.startswith(b"%PDF"):
        raise ImportFileError("这是 PDF 文件，不是表格；请导入 .xlsx 或 .csv 文件。")
    return CSV


def decode_text(data: bytes) -> str:
    """Decode csv bytes: UTF-16 with BOM, then UTF-8 (with or without BOM), then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise ImportFileError(
        "无法识别文件内容：它既不是 Excel 表格（.xlsx），也不是 UTF-8 或 GBK 编码的 CSV 文本；"
        "请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入。"
    )


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return "\x00" in sample or len(_JUNK.findall(sample)) > max(3, len(sample) // 200)
