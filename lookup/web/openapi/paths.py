"""The OpenAPI document's paths, one function per group of routes."""

from __future__ import annotations

from lookup.core import fields, limits
from lookup.web.openapi import cases
from lookup.web.openapi.schemas import (
    BAD,
    FILTERS,
    LIST_PARAM,
    MISSING,
    error,
    get,
    json_body,
    query,
    ref,
)


def search_paths() -> dict:
    """Searching and suggestions."""
    page = {"type": "integer", "minimum": 1, "maximum": limits.MAX_PAGE, "default": 1}
    per_page = {"type": "integer", "minimum": 1, "maximum": limits.MAX_PER_PAGE, "default": 10}
    q = {"type": "string", "minLength": 1, "maxLength": limits.MAX_QUERY, "pattern": r"\S"}
    return {
        "/api/v1/search": get(
            "查询证明事项：是否已取消、是否仍需提供",
            [
                query("q", q, "证明名称或问题，如“办居住证还要开亲属关系证明吗”", required=True),
                query("list", LIST_PARAM, "只查一个清单"),
                *FILTERS,
                query("page", page, "页码"),
                query("per_page", per_page, "每页条数"),
            ],
            json_body(ref("SearchResponse"), "查询结果与一句话答复"),
            BAD,
        ),
        "/api/v1/suggest": get(
            "输入提示",
            [query("q", {"type": "string", "maxLength": limits.MAX_QUERY}, "已输入的内容")],
            json_body(
                {
                    "type": "object",
                    "required": ["query", "suggestions"],
                    "properties": {
                        "query": {"type": "string"},
                        "suggestions": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "提示词",
            ),
            BAD,
        ),
    }


def list_paths() -> dict:
    """One item and whole lists."""
    list_path = {"name": "list_kind", "in": "path", "required": True, "schema": LIST_PARAM}
    return {
        "/api/v1/items/{item_id}": get(
            "一条证明事项",
            [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            json_body(ref("ItemPage"), "证明事项（及已公告、尚未施行的调整）"),
            {**BAD, **MISSING},
        ),
        "/api/v1/lists/{list_kind}": get(
            "整张清单（JSON，或 CSV/XLSX 下载）",
            [
                list_path,
                query("format", {"type": "string", "enum": ["json", "csv", "xlsx"]}, "格式"),
                *FILTERS,
            ],
            {
                "description": "清单",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["list", "version", "publication", "total", "items"],
                            "properties": {
                                "list": LIST_PARAM,
                                "version": {"type": ["integer", "null"]},
                                "publication": ref("Publication"),
                                "total": {"type": "integer", "minimum": 0},
                                "items": {"type": "array", "items": ref("ItemWithUrl")},
                            },
                        }
                    },
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "contentMediaType": "application/octet-stream"}
                    },
                },
            },
            {**BAD, **MISSING},
        ),
    }


def version_paths() -> dict:
    """The published versions and what each changed."""
    return {
        "/api/v1/versions": get(
            "已发布的清单版本",
            [],
            json_body(
                {
                    "type": "object",
                    "required": ["current", "scheduled", "versions"],
                    "properties": {
                        "current": {"type": ["integer", "null"]},
                        "scheduled": {
                            "type": "array",
                            "items": {"type": "integer"},
                            "description": "已公告、尚未施行的版本",
                        },
                        "versions": {"type": "array", "items": ref("Version")},
                    },
                },
                "版本列表",
            ),
            {},
        ),
        "/api/v1/versions/{number}/diff": get(
            "某一版相对上一个公开版本的变化",
            [
                {
                    "name": "number",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            ],
            json_body(
                {
                    "type": "object",
                    "required": ["from", "to", *fields.LISTS, "summary"],
                    "properties": {
                        "from": {"type": "integer", "minimum": 0},
                        "to": {"type": "integer", "minimum": 1},
                        **{kind: ref("ListChanges") for kind in fields.LISTS},
                        "summary": {
                            "type": "object",
                            "description": "每个清单新增、移出、修改的条数",
                            "additionalProperties": {
                                "type": "object",
                                "properties": {
                                    k: {"type": "integer", "minimum": 0}
                                    for k in ("added", "removed", "changed")
                                },
                            },
                        },
                    },
                },
                "变化",
            ),
            MISSING,
        ),
    }


def other_paths() -> dict:
    """Residents' reports, this document and the health check."""
    return {
        "/api/v1/reports": {
            "post": {
                "summary": "反映问题：有单位仍要求提供已取消的证明",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("ReportRequest")}},
                },
                "responses": {
                    "201": json_body(ref("ReportCreated"), "已收到：反映编号、查询码和办理期限"),
                    "400": error("请求内容不是 JSON 对象"),
                    "413": error("内容过大（超过 64 KB）"),
                    "422": error("某一项填写有误，message 说明是哪一项"),
                    "429": error("提交过于频繁"),
                },
            }
        },
        "/api/v1/openapi.json": get(
            "本文档", [], json_body({"type": "object"}, "OpenAPI 3.1 文档"), {}
        ),
        "/healthz": get(
            "健康检查",
            [],
            json_body(
                {
                    "type": "object",
                    "required": ["status", "version"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok", "degraded"]},
                        "version": {"type": ["integer", "null"]},
                        "reason": {
                            "type": "string",
                            "description": "degraded: why (the database is away; searches "
                            "go on from this node's index)",
                        },
                    },
                },
                "服务正常（ok），或数据库暂时无法连接、查询照常（degraded）",
            ),
            {"503": error("数据库无法连接，且本节点没有可用的索引")},
        ),
    }


def paths() -> dict:
    return {
        **search_paths(),
        **list_paths(),
        **version_paths(),
        **other_paths(),
        **cases.paths(),
    }
