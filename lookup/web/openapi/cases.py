"""The OpenAPI description of residents' cases: the answer to a report, the status lookup."""

from __future__ import annotations

from lookup.office.report_rules import STATES
from lookup.web.openapi.schemas import error, json_body, ref

TEXT = {"type": "string"}
CASE_NUMBER = {"type": "string", "pattern": r"^[0-9]{8}-[0-9]{4,6}$", "description": "反映编号"}

SCHEMAS = {
    "ReportCreated": {
        "type": "object",
        "required": ["id", "status", "case_number", "check_code", "due_on", "status_url"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["new"]},
            "case_number": CASE_NUMBER,
            "check_code": {
                "type": "string",
                "pattern": r"^[0-9]{6}$",
                "description": "查询码：只在此时给出一次，请转告反映人",
            },
            "due_on": {"type": "string", "format": "date", "description": "办理期限（工作日）"},
            "status_url": {"type": "string", "description": "凭编号和查询码查询进度的页面"},
        },
    },
    "CaseStatusRequest": {
        "type": "object",
        "required": ["case_number", "check_code"],
        "properties": {
            "case_number": {"type": "string", "maxLength": 40, "description": "反映编号"},
            "check_code": {"type": "string", "maxLength": 40, "description": "6 位查询码"},
        },
    },
    "CaseStatus": {
        "type": "object",
        "description": "反映的办理进度；不含反映人填写的任何内容",
        "required": [
            "case_number",
            "status",
            "status_label",
            "received_at",
            "due_on",
            "overdue",
            "department",
            "reply",
            "closed_at",
            "steps",
        ],
        "properties": {
            "case_number": CASE_NUMBER,
            "certificate": {**TEXT, "description": "清单中的证明名称（反映关联了清单事项时）"},
            "status": {"type": "string", "enum": list(STATES)},
            "status_label": TEXT,
            "received_at": {"type": "string", "format": "date-time"},
            "due_on": TEXT,
            "overdue": {"type": "boolean"},
            "department": {**TEXT, "description": "转办部门"},
            "reply": {**TEXT, "description": "答复或不予受理的理由（办结后）"},
            "closed_at": {"type": ["string", "null"]},
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["at", "label", "department"],
                    "properties": {"at": TEXT, "label": TEXT, "department": TEXT},
                },
            },
        },
    },
}


def paths() -> dict:
    """The status lookup (POST, so that the check code stays out of URLs and logs)."""
    return {
        "/api/v1/reports/status": {
            "post": {
                "summary": "凭反映编号和查询码查询办理进度和答复",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("CaseStatusRequest")}},
                },
                "responses": {
                    "200": json_body(ref("CaseStatus"), "办理进度"),
                    "400": error("请求内容不是 JSON 对象，或缺少编号、查询码"),
                    "404": error("编号或查询码不正确（不说明是哪一项）"),
                    "429": error("查询错误次数过多"),
                },
            }
        }
    }
