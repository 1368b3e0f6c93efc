"""Province-scale lists generated from the shipped city lists, written as real .xlsx files.

Every shipped row is listed again by many counties (as a province-wide catalogue would), with
the county in its matter and note. A county lists each certificate with probability `share`
(decided by a hash, so the output is the same on every run): 250 counties × 267 rows × 0.5 gives
about 33,000 items.
"""

from __future__ import annotations

import hashlib
from itertools import product
from pathlib import Path

from lookup.core.fields import LISTS
from lookup.lists.exporter import export_xlsx
from lookup.lists.importer import read_table

# Real county-level places of Zhejiang; suffixes make up the rest of the 250.
PLACES = [
    "平湖",
    "海宁",
    "桐乡",
    "嘉善",
    "海盐",
    "南湖",
    "秀洲",
    "上城",
    "拱墅",
    "西湖",
    "滨江",
    "萧山",
    "余杭",
    "临平",
    "钱塘",
    "富阳",
    "临安",
    "桐庐",
    "淳安",
    "建德",
    "海曙",
    "江北",
    "北仑",
    "镇海",
    "鄞州",
    "奉化",
    "余姚",
    "慈溪",
    "象山",
    "宁海",
    "鹿城",
    "龙湾",
    "瓯海",
    "洞头",
    "瑞安",
    "乐清",
    "龙港",
    "永嘉",
    "平阳",
    "苍南",
    "文成",
    "泰顺",
    "吴兴",
    "南浔",
    "德清",
    "长兴",
    "安吉",
    "越城",
    "柯桥",
    "上虞",
    "诸暨",
    "嵊州",
    "新昌",
    "婺城",
    "金东",
    "兰溪",
    "义乌",
    "东阳",
    "永康",
    "武义",
    "浦江",
    "磐安",
    "柯城",
    "衢江",
    "江山",
    "常山",
    "开化",
    "龙游",
    "定海",
    "普陀",
    "岱山",
    "嵊泗",
    "椒江",
    "黄岩",
    "路桥",
    "临海",
    "温岭",
    "玉环",
    "三门",
    "天台",
    "仙居",
    "莲都",
    "龙泉",
    "青田",
    "缙云",
    "遂昌",
    "松阳",
    "云和",
    "庆元",
    "景宁",
]
SUFFIXES = ("市", "新区", "经济开发区")


def places() -> list[str]:
    """The real county-level places (平湖市 …): what a resident may put in front of a question.

    Not the generated 新区/经济开发区 variants, whose words stand in a third of all province
    items only because of how this generator names its 250 counties.
    """
    return [place + "市" for place in PLACES]


def counties(n: int) -> list[str]:
    """n distinct county names: 平湖市 … then 平湖新区 … then 平湖经济开发区 …"""
    names = [place + suffix for suffix, place in product(SUFFIXES, PLACES)]
    if n > len(names):
        names += [f"{name}{k}" for k in range(2, n // len(names) + 2) for name in names]
    return names[:n]


def _listed(county: str, row_index: int, share: float) -> bool:
    digest = hashlib.blake2b(f"{county}:{row_index}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") / 2**32 < share


def province_rows(rows: list[dict], names: list[str], share: float = 0.5) -> list[dict]:
    """The rows as listed by every county, the county named in matter and note."""
    out = []
    for county in names:
        for i, row in enumerate(rows):
            if not _listed(county, i, share):
                continue
            item = {k: v for k, v in row.items() if k != "row"}
            item["seq"] = str(len(out) + 1)
            item["matter"] = f"{row['matter']}（{county}）" if row["matter"] else county
            item["note"] = f"{county}：{row['note']}" if row["note"] else f"{county}适用"
            out.append(item)
    return out


def generate(
    data_dir: Path, out_dir: Path, n_counties: int = 250, share: float = 0.5
) -> dict[str, tuple[Path, int]]:
    """Write province-scale abolished.xlsx and retained.xlsx; return {list: (path, rows)}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = counties(n_counties)
    written = {}
    for list_kind in LISTS:
        source = data_dir / f"{list_kind}.xlsx"
        result = read_table(source, list_kind, filename=source.name)
        if not result.ok:
            raise RuntimeError(f"{source}: {result.errors}")
        rows = province_rows(result.rows, names, share)
        path = out_dir / f"province-{list_kind}.xlsx"
        path.write_bytes(export_xlsx(rows, list_kind))
        written[list_kind] = (path, len(rows))
    return written
