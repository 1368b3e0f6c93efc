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
DATE = {"type": ["string", "null"], "format": "date"}
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
    "task_id": {"type": "string", "description": "所属办理事项的编号（办理事项为空时为空）"},
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
    "ItemPage": {
        "type": "object",
        "required": ["id", "list", "name", "url", "coming_change"],
        "properties": {**ITEM_PROPERTIES, "coming_change": ref("ComingChange")},
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
            "answer": ref("Answer"),
            "results": {"type": "array", "items": ref("SearchResult")},
            "suggestions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Answer": {
        "type": "object",
        "required": ["status", "text", "item_ids"],
        "properties": {
            "status": {
                "type": "string",
                "enum": ["abolished", "retained", "mixed", "task", "uncertain", "not_listed"],
                "description": (
                    "abolished 已取消；retained 仍需提供；mixed 视办理事项而定；"
                    "task 问的是办理事项（附证明清单）；uncertain 没有完全对应的证明，"
                    "给出最接近的一项；not_listed 两张清单都没有"
                ),
            },
            "text": {"type": "string", "description": "第一行：通俗的一句话答复"},
            "detail": {"type": "string", "description": "第二行：清单、序号、办理方式、依据"},
            "item_ids": {"type": "array", "items": {"type": "string"}},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "task": ref("TaskRef"),
            "event": {"type": "string", "description": "人生阶段“一件事”（问的是一件事时）"},
            "tasks": {"type": "array", "items": ref("TaskRef")},
            "asked": {
                "type": "string",
                "description": "问到的证明不在所问事项的清单里时：该证明名称（答复给出事项的清单）",
            },
        },
    },
    "TaskRef": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "description": "跨版本稳定的办理事项编号"},
            "name": {"type": "string"},
            "events": {"type": "array", "items": {"type": "string"}},
            "item_ids": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Version": {
        "type": "object",
        "required": ["number"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "created_at": TEXT,
            "published_at": TEXT,
            "note": TEXT,
            "author": TEXT,
            "counts": {"type": ["object", "null"]},
            "summary": {"type": ["object", "string", "null"]},
            "doc_number": {"type": "string", "description": "文号"},
            "issuer": {"type": "string", "description": "发布机关"},
            "issued_on": {**DATE, "description": "发布日期"},
            "effective_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "施行时间（施行日期零时，北京时间），ISO 8601 带时区",
            },
            "effective_on": {**DATE, "description": "施行日期（北京时间）"},
            "state": {
                "type": "string",
                "enum": ["current", "scheduled", "earlier"],
                "description": "current 现行；scheduled 已公告、尚未施行；earlier 已被取代",
            },
        },
    },
    "Publication": {
        "type": ["object", "null"],
        "description": "清单所属版本的正式发布信息",
        "properties": {
            "version": {"type": "integer", "minimum": 1},
            "doc_number": TEXT,
            "issuer": TEXT,
            "issued_on": DATE,
            "effective_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "ComingChange": {
        "type": ["object", "null"],
        "description": "已公告、尚未施行的版本对本项的调整（removed 移出，changed 修改）",
        "properties": {
            "kind": {"type": "string", "enum": ["removed", "changed"]},
            "fields": {"type": "array", "items": {"type": "string"}},
            "version": {"type": "integer", "minimum": 1},
            "effective_at": {"type": "string", "format": "date-time"},
            "doc_number": {"type": "string"},
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
