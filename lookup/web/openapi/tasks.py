"""The OpenAPI description of tasks (办理事项): GET /api/v1/tasks and /api/v1/tasks/{task_id}."""

from __future__ import annotations

from lookup.web.openapi.schemas import ITEM_PROPERTIES, MISSING, get, json_body, ref

COUNT = {"type": "integer", "minimum": 0}
STRINGS = {"type": "array", "items": {"type": "string"}}
SUMMARY_PROPERTIES = {
    "id": {"type": "string", "description": "跨版本稳定的办理事项编号"},
    "name": {"type": "string", "description": "办理事项名称（清单用得最多的写法）"},
    "variants": {**STRINGS, "description": "同一事项的其他写法和限定情形（如“新就业人员”）"},
    "events": {**STRINGS, "description": "所属人生阶段“一件事”"},
    "total": {**COUNT, "description": "该事项涉及的证明条数"},
    "abolished": {**COUNT, "description": "其中已取消的条数"},
    "retained": {**COUNT, "description": "其中仍需提供的条数"},
    "url": {"type": "string", "format": "uri", "description": "办事清单页面"},
}
SUMMARY_REQUIRED = ["id", "name", "variants", "events", "total", "abolished", "retained", "url"]

SCHEMAS = {
    "TaskSummary": {
        "type": "object",
        "required": SUMMARY_REQUIRED,
        "properties": SUMMARY_PROPERTIES,
    },
    "TaskList": {
        "type": "object",
        "required": ["version", "total", "events", "tasks"],
        "properties": {
            "version": {"type": ["integer", "null"]},
            "total": COUNT,
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "task_ids"],
                    "properties": {"name": {"type": "string"}, "task_ids": STRINGS},
                },
            },
            "tasks": {"type": "array", "items": ref("TaskSummary")},
        },
    },
    "TaskItem": {
        "type": "object",
        "required": ["id", "list", "name", "url", "qualifier"],
        "properties": {
            **ITEM_PROPERTIES,
            "qualifier": {"type": "string", "description": "适用情形（办理事项的限定部分）"},
            "promise": {"type": "boolean", "description": "仍需提供的证明可否以告知承诺代替"},
            "instead": {"type": "string", "description": "已取消的证明：改为怎么办（通俗说法）"},
            "explanation": {"type": "string", "description": "已取消的证明：办理方式的解释"},
        },
    },
    "TaskDetail": {
        "type": "object",
        "required": [
            *SUMMARY_REQUIRED,
            "version",
            "text",
            "detail",
            "still_required",
            "no_longer_required",
        ],
        "properties": {
            **SUMMARY_PROPERTIES,
            "version": {"type": ["integer", "null"]},
            "text": {"type": "string", "description": "第一行：通俗的一句话清单"},
            "detail": {"type": "string", "description": "第二行：两张清单各几项、到哪里反映"},
            "still_required": {"type": "array", "items": ref("TaskItem")},
            "no_longer_required": {"type": "array", "items": ref("TaskItem")},
        },
    },
}


def paths() -> dict:
    task_id = {"type": "string", "description": "办理事项编号（见 /api/v1/tasks）"}
    return {
        "/api/v1/tasks": get(
            "全部办理事项：按人生阶段分组，附各自证明条数",
            [],
            json_body(ref("TaskList"), "办理事项"),
            {},
        ),
        "/api/v1/tasks/{task_id}": get(
            "一个办理事项的证明清单：哪些已取消（改为怎么办），哪些仍需提供（由谁开具）",
            [{"name": "task_id", "in": "path", "required": True, "schema": task_id}],
            json_body(ref("TaskDetail"), "办事清单"),
            MISSING,
        ),
    }
