"""Parsing and validating request arguments, shared by the public pages and the API."""

from __future__ import annotations

from urllib.parse import urlsplit

from lookup.core import fields
from lookup.core.errors import BadRequest
from lookup.core.limits import MAX_FILTER, MAX_QUERY

METHOD_NAMES: tuple[str, ...] = (*(name for name, _ in fields.METHODS), fields.OTHER_METHOD)


def query(value: str | None, *, required: bool = True) -> str:
    """A stripped query; empty is an error when ``required``, too long always is."""
    text = (value or "").strip()
    if required and not text:
        raise BadRequest("missing_query", "请输入要查询的证明名称或问题")
    if len(text) > MAX_QUERY:
        raise BadRequest("query_too_long", f"查询内容过长，请控制在 {MAX_QUERY} 个字以内")
    return text


def list_kind(value: str | None) -> str | None:
    """``abolished``, ``retained`` or None for both lists."""
    if not value:
        return None
    if value not in fields.LISTS:
        raise BadRequest(
            "invalid_list", "清单类型只能是 abolished（取消清单）或 retained（保留清单）"
        )
    return value


def text_filter(value: str | None, name: str) -> str | None:
    """A department filter: free text, bounded in length."""
    text = (value or "").strip()
    if len(text) > MAX_FILTER:
        raise BadRequest(f"invalid_{name}", f"筛选条件过长，请控制在 {MAX_FILTER} 个字以内")
    return text or None


def method(value: str | None) -> str | None:
    """One of the canonical replacement methods (fields.METHODS) or None."""
    text = (value or "").strip()
    if not text:
        return None
    if text not in METHOD_NAMES:
        raise BadRequest("invalid_method", "办理方式只能是：" + "、".join(METHOD_NAMES))
    return text


def bounded_int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    """An integer in [low, high]; anything else is a BadRequest naming the parameter."""
    if value is None or value == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise BadRequest(f"invalid_{name}", f"参数 {name} 应为 {low} 到 {high} 之间的整数")
    return number


def lenient(parse, *args, default=None, **kwargs):
    """Public pages ignore a bad filter instead of refusing the whole page."""
    try:
        return parse(*args, **kwargs)
    except BadRequest:
        return default


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this site, else ``/``: no open redirects."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target
