"""The OpenAPI 3.1 description of the JSON API, served at ``/api/v1/openapi.json``.

Kept beside the views by hand (`schemas` the components, `paths` the routes):
tests/web/test_api.py checks that every route is described.
"""

from __future__ import annotations

import copy

from lookup.web.openapi import cases, tasks
from lookup.web.openapi.paths import paths
from lookup.web.openapi.schemas import SCHEMAS


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
        "paths": {**paths(), **tasks.paths()},
        "components": {"schemas": copy.deepcopy({**SCHEMAS, **cases.SCHEMAS, **tasks.SCHEMAS})},
    }
