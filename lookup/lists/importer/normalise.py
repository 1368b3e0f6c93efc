"""Cell normalisation: turn whatever a hand-made spreadsheet holds into clean, comparable text.

Rules (idempotent, so exporting and re-importing a normalised value gives it back unchanged):

* full-width ASCII (U+FF01–U+FF5E) becomes half-width, *except* the Chinese punctuation
  ，；：（）！？ which stays Chinese; U+3000 and other odd spaces become a space. Plain NFKC is
  not used because it would turn （） into () and ， into "," inside Chinese sentences.
* control characters and zero-width characters are removed; runs of spaces inside a line collapse
  to one; every line is stripped; blank lines are dropped.
* multi-line fields (``MULTILINE_FIELDS``) keep line breaks as "\\n"; in the others a line break
  is a wrapping artefact (``亲属关系\\n证明``) and lines are joined (without a space between two
  Chinese characters, with one otherwise).
* numbers stored as numbers become "12" rather than "12.0"; dates become ISO text.
* one leading apostrophe that guards a formula-looking value (see ``lookup.exporter.neutralise``)
  is removed, so that export → import is a round trip.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

MULTILINE_FIELDS = frozenset({"matter", "basis", "replacement", "note"})
KEEP_FULL_WIDTH = frozenset("，；：（）！？")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in KEEP_FULL_WIDTH}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
_ZERO_WIDTH = dict.fromkeys((8203, 8204, 8205, 8288, 65279))
_TRANSLATE = {**_WIDTH, **_ZERO_WIDTH}
_SPACES = re.compile(r"[ \t\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def cell_text(value: object) -> str:
    """Render a raw cell value (str, int, float, date, bool, None) as text, before cleaning."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def clean_lines(text: str) -> list[str]:
    """Width-fold, drop control characters, collapse spaces; return the non-blank lines."""
    text = text.translate(_TRANSLATE).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def join_wrapped(lines: list[str]) -> str:
    """Join wrapped lines: no space between Chinese characters, one space otherwise."""
    out = lines[0] if lines else ""
    for line in lines[1:]:
        glue = "" if _CJK.match(out[-1]) or _CJK.match(line[0]) else " "
        out += glue + line
    return out


def unguard(text: str) -> str:
    """Remove one apostrophe that an exporter put before a formula-looking value."""
    if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


@lru_cache(maxsize=65536)
def _normalise(value: object, field: str | None) -> str:
    lines = clean_lines(cell_text(value))
    text = "\n".join(lines) if field in MULTILINE_FIELDS else join_wrapped(lines)
    return unguard(text)


def normalise(value: object, field: str | None = None) -> str:
    """Clean one cell for ``field`` (None for header cells and other single-line text).

    Cached: lists repeat the same departments, methods and bases on thousands of rows.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _normalise(value, field)
    return _normalise.__wrapped__(value, field)  # not cached: True == 1 would share an entry


def header_key(value: object) -> str:
    """A header cell reduced for matching: NFKC, no whitespace at all, no required-marks."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return re.sub(r"[\s*＊※]+", "", text)
