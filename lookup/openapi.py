"""The OpenAPI 3.1 description of the JSON API, served at ``/api/v1/openapi.json``.

Kept beside the views by hand: ``tests/test_api.py`` checks that every route is described.
"""

from __future__ import annotations

import copy

from . import fields
from .views import params


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


TEXT = {"type": ["string", "null"]}
CONTACT_PATTERN = (
    r"^(|(\+?86)?1[3-9][0-9]{9}|0[0-9]{9,11}|[0-9]{7,8}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})$"
)


def _query(name: str, schema: dict, description: str, *, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


LIST_PARAM = {"type": "string", "enum": list(fields.LISTS)}
FILTERS = [
    _query("department", {"type": "string", "maxLength": params.MAX_FILTER}, "索要单位（部门）"),
    _query("method", {"type": "string", "enum": list(params.METHOD_NAMES)}, "取消后办理方式"),
]

ITEM_PROPERTIES = {
    "id": {"type": "string", "description": "跨版本稳定的编号"},
    "list": LIST_PARAM,
    "seq": TEXT,
    "name": {"type": "string"},
    "matter": TEXT,
    "requiring_department": TEXT,
    "issuing_authority": TEXT,
    "basis": TEXT,
    "replacement": TEXT,
    "method": TEXT,
    "note": TEXT,
    "since_version": {"type": ["integer", "null"]},
    "url": {"type": "string", "format": "uri"},
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "machine-readable code"},
            "message": {"type": "string", "description": "中文说明，给人看"},
        },
    },
    "Item": {
        "type": "object",
        "required": ["id", "list", "name"],
        "properties": {k: v for k, v in ITEM_PROPERTIES.items() if k != "url"},
    },
    "ItemWithUrl": {
        "type": "object",
        "required": ["id", "list", "name", "url"],
        "properties": ITEM_PROPERTIES,
    },
    "SearchResult": {
        "type": "object",
        "required": [
            "id",
            "list",
            "name",
            "matter",
            "requiring_department",
            "issuing_authority",
            "basis",
            "replacement",
            "note",
            "url",
            "score",
            "highlight",
        ],
        "properties": {
            **{k: ITEM_PROPERTIES[k] for k in ("id", "list", "name", "url")},
            **{k: TEXT for k in fields.ITEM_FIELDS if k != "name"},
            "score": {"type": "number"},
            "highlight": {"type": "string", "description": "已转义的 HTML，命中处以 <mark> 标出"},
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": [
            "query",
            "version",
            "total",
            "page",
            "per_page",
            "answer",
            "results",
            "suggestions",
        ],
        "properties": {
            "query": {"type": "string"},
            "version": {"type": ["integer", "null"]},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "answer": {
                "type": "object",
                "required": ["status", "text", "item_ids"],
                "properties": {
                    "status": {
                        "type": "string",
                        "enum": ["abolished", "retained", "mixed", "not_listed"],
                    },
                    "text": {"type": "string"},
                    "item_ids": {"type": "array", "items": {"type": "string"}},
                },
            },
            "results": {"type": "array", "items": _ref("SearchResult")},
            "suggestions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Version": {
        "type": "object",
        "required": ["number"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "created_at": TEXT,
            "note": TEXT,
            "author": TEXT,
            "counts": {"type": ["object", "null"]},
            "summary": {"type": ["object", "string", "null"]},
        },
    },
    "ListChanges": {
        "type": "object",
        "required": ["added", "removed", "changed"],
        "properties": {
            "added": {"type": "array", "items": _ref("Item")},
            "removed": {"type": "array", "items": _ref("Item")},
            "changed": {"type": "array", "items": _ref("Change")},
        },
    },
    "ReportRequest": {
        "type": "object",
        "description": (
            "item_id 与 certificate 至少填一项；item_id 须为现有证明事项的编号；"
            "happened_on 不早于 2000-01-01、不晚于今天"
        ),
        "required": ["office", "happened_on"],
        "anyOf": [
            {"required": ["certificate"], "properties": {"certificate": {"pattern": r"\S"}}},
            {"required": ["item_id"], "properties": {"item_id": {"pattern": r"\S"}}},
        ],
        "properties": {
            "item_id": {"type": "string", "maxLength": 64, "description": "证明事项编号"},
            "certificate": {"type": "string", "maxLength": 200, "description": "证明名称"},
            "office": {"type": "string", "maxLength": 200, "pattern": r"\S"},
            "happened_on": {"type": "string", "format": "date", "description": "年-月-日"},
            "description": {"type": "string", "maxLength": 2000},
            "contact": {
                "type": "string",
                "maxLength": 100,
                "description": "手机、固话或电子邮箱（选填）",
                "pattern": CONTACT_PATTERN,
            },
        },
    },
    "Change": {
        "type": "object",
        "required": ["id", "before", "after", "fields"],
        "properties": {
            "id": {"type": "string"},
            "before": _ref("Item"),
            "after": _ref("Item"),
            "fields": {"type": "array", "items": {"type": "string"}},
        },
    },
}

BAD = {"400": _error("参数有误")}
MISSING = {"404": _error("不存在")}


def _get(summary: str, parameters: list, ok: dict, errors: dict) -> dict:
    return {
        "get": {"summary": summary, "parameters": parameters, "responses": {"200": ok, **errors}}
    }


def _paths() -> dict:
    page = {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE, "default": 1}
    per_page = {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE, "default": 10}
    q = {"type": "string", "minLength": 1, "maxLength": params.MAX_QUERY, "pattern": r"\S"}
    list_path = {"name": "list_kind", "in": "path", "required": True, "schema": LIST_PARAM}
    return {
        "/api/v1/search": _get(
            "查询证明事项：是否已取消、是否仍需提供",
            [
                _query("q", q, "证明名称或问题，如“办居住证还要开亲属关系证明吗”", required=True),
                _query("list", LIST_PARAM, "只查一个清单"),
                *FILTERS,
                _query("page", page, "页码"),
                _query("per_page", per_page, "每页条数"),
            ],
            _json(_ref("SearchResponse"), "查询结果与一句话答复"),
            BAD,
        ),
        "/api/v1/suggest": _get(
            "输入提示",
            [_query("q", {"type": "string", "maxLength": params.MAX_QUERY}, "已输入的内容")],
            _json(
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
        "/api/v1/items/{item_id}": _get(
            "一条证明事项",
            [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            _json(_ref("ItemWithUrl"), "证明事项"),
            {**BAD, **MISSING},
        ),
        "/api/v1/lists/{list_kind}": _get(
            "整张清单（JSON，或 CSV/XLSX 下载）",
            [
                list_path,
                _query("format", {"type": "string", "enum": ["json", "csv", "xlsx"]}, "格式"),
                *FILTERS,
            ],
            {
                "description": "清单",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["list", "version", "total", "items"],
                            "properties": {
                                "list": LIST_PARAM,
                                "version": {"type": ["integer", "null"]},
                                "total": {"type": "integer", "minimum": 0},
                                "items": {"type": "array", "items": _ref("ItemWithUrl")},
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
        "/api/v1/versions": _get(
            "已发布的清单版本",
            [],
            _json(
                {
                    "type": "object",
                    "required": ["current", "versions"],
                    "properties": {
                        "current": {"type": ["integer", "null"]},
                        "versions": {"type": "array", "items": _ref("Version")},
                    },
                },
                "版本列表",
            ),
            {},
        ),
        "/api/v1/versions/{number}/diff": _get(
            "某一版相对上一版的变化",
            [
                {
                    "name": "number",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            ],
            _json(
                {
                    "type": "object",
                    "required": ["from", "to", *fields.LISTS, "summary"],
                    "properties": {
                        "from": {"type": "integer", "minimum": 0},
                        "to": {"type": "integer", "minimum": 1},
                        **{kind: _ref("ListChanges") for kind in fields.LISTS},
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
        "/api/v1/reports": {
            "post": {
                "summary": "反映问题：有单位仍要求提供已取消的证明",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ReportRequest")}},
                },
                "responses": {
                    "201": _json(
                        {
                            "type": "object",
                            "required": ["id", "status"],
                            "properties": {"id": {"type": "integer"}, "status": {"type": "string"}},
                        },
                        "已收到",
                    ),
                    "400": _error("请求内容不是 JSON 对象"),
                    "422": _error("某一项填写有误，message 说明是哪一项"),
                    "429": _error("提交过于频繁"),
                },
            }
        },
        "/api/v1/openapi.json": _get(
            "本文档", [], _json({"type": "object"}, "OpenAPI 3.1 文档"), {}
        ),
        "/healthz": _get(
            "健康检查",
            [],
            _json(
                {
                    "type": "object",
                    "required": ["status", "version"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok"]},
                        "version": {"type": ["integer", "null"]},
                    },
                },
                "服务正常",
            ),
            {},
        ),
    }


def document() -> dict:
    """A fresh copy of the OpenAPI document (callers may add to it)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "平湖市证明事项查询 API",
            "version": "1.0.0",
            "description": (
                "查询某项证明是否已取消、是否仍需提供。凡未纳入保留清单的证明事项，"
                '不得要求申请人提供。错误统一返回 {"error": 代码, "message": 中文说明}。'
            ),
        },
        "paths": _paths(),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
