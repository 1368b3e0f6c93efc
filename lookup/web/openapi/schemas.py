"""The OpenAPI document's building blocks: helpers and the component schemas."""

from __future__ import annotations

from lookup.core import fields, limits
from lookup.web import params


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error(description: str) -> dict:
    return json_body(ref("Error"), description)


TEXT = {"type": ["string", "null"]}
CONTACT_PATTERN = (
    r"^(|(\+?86)?1[3-9][0-9]{9}|0[0-9]{9,11}|[0-9]{7,8}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})$"
)


def query(name: str, schema: dict, description: str, *, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


LIST_PARAM = {"type": "string", "enum": list(fields.LISTS)}
FILTERS = [
    query("department", {"type": "string", "maxLength": limits.MAX_FILTER}, "索要单位（部门）"),
    query("method", {"type": "string", "enum": list(params.METHOD_NAMES)}, "取消后办理方式"),
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
            "request_id": {"type": "string", "description": "请求编号，与服务器日志对应"},
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
            "results": {"type": "array", "items": ref("SearchResult")},
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
            "added": {"type": "array", "items": ref("Item")},
            "removed": {"type": "array", "items": ref("Item")},
            "changed": {"type": "array", "items": ref("Change")},
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
            "before": ref("Item"),
            "after": ref("Item"),
            "fields": {"type": "array", "items": {"type": "string"}},
        },
    },
}

BAD = {"400": error("参数有误")}
MISSING = {"404": error("不存在")}


def get(summary: str, parameters: list, ok: dict, errors: dict) -> dict:
    return {
        "get": {"summary": summary, "parameters": parameters, "responses": {"200": ok, **errors}}
    }
