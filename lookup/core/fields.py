"""The vocabulary shared by every layer: list kinds, item fields and their Chinese labels."""

from __future__ import annotations

ABOLISHED = "abolished"
RETAINED = "retained"
LISTS: tuple[str, ...] = (ABOLISHED, RETAINED)

LIST_LABELS = {ABOLISHED: "取消证明材料清单", RETAINED: "保留证明材料清单"}
LIST_SHORT = {ABOLISHED: "取消清单", RETAINED: "保留清单"}

# Content fields of an item, in the order of the published spreadsheet.
ITEM_FIELDS: tuple[str, ...] = (
    "name",
    "matter",
    "requiring_department",
    "issuing_authority",
    "basis",
    "replacement",
    "note",
)

FIELD_LABELS = {
    "seq": "序号",
    "name": "证明名称",
    "matter": "办理事项",
    "requiring_department": "索要单位",
    "issuing_authority": "开具单位",
    "basis": "设定依据",
    "replacement": "取消后办理方式",
    "note": "备注",
}

# The label of an empty 索要单位 wherever items are counted or filtered by department.
UNNAMED = "未注明"

# Canonical replacement methods (取消后办理方式), matched by keyword in the free text
# (the longest keyword found wins: see classify_method).
METHODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("告知承诺", ("告知承诺", "承诺")),
    ("部门核验", ("部门核验", "内部核查", "部门间核验", "核查", "核验", "调查核实")),
    ("数据共享", ("数据共享", "网络核验", "信息共享", "共享", "系统查询", "在线查询")),
    ("证照替代", ("现有证照", "证照替代", "替代", "凭", "提供身份证", "户口簿", "结婚证")),
    ("直接取消", ("直接取消", "取消", "不再")),
)
OTHER_METHOD = "其他"

METHOD_EXPLANATIONS = {
    "直接取消": "不再需要这份证明，办事时无需提供任何替代材料。",
    "告知承诺": "由申请人签署书面承诺书代替证明，部门事后核查，承诺不实须承担责任。",
    "部门核验": "由办事部门向有关单位核实，申请人无需自己去开证明。",
    "数据共享": "由办事部门通过政务数据共享或网络核验查询，申请人无需提供。",
    "证照替代": "凭已有的证件（如身份证、户口簿、结婚证等）即可办理，无需另开证明。",
    "其他": "按备注所述方式办理；如有疑问请咨询办事窗口或拨打 12345。",
}


def classify_method(replacement: str) -> str:
    """Map free-text 取消后办理方式 to one canonical method, for filters and counts.

    The longest keyword found decides (网络核验 over 核验, 直接取消 over 凭), so the method a
    list names at the start of its text wins over words that happen to follow it.
    """
    text = replacement or ""
    best, best_length = "", 0
    for method, keywords in METHODS:
        for keyword in keywords:
            if len(keyword) > best_length and keyword in text:
                best, best_length = method, len(keyword)
    return best or (OTHER_METHOD if text else "")
