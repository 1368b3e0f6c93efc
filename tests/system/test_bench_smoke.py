"""The benchmark's province generator writes workbooks the real importer reads (no timing)."""

from __future__ import annotations

import sys
from pathlib import Path

from lookup.lists.importer import read_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
if str(ROOT) not in sys.path:  # benchmarks/ is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks import province  # noqa: E402


def test_county_names_are_distinct_and_real_looking():
    names = province.counties(250)
    assert len(set(names)) == 250
    assert names[0] == "平湖市"


def test_generated_province_lists_import_with_every_row(tmp_path):
    written = province.generate(DATA, tmp_path, n_counties=3, share=1.0)
    for list_kind, (path, rows) in written.items():
        city = read_table(DATA / f"{list_kind}.xlsx", list_kind)
        result = read_table(path, list_kind, filename=path.name)
        assert result.ok, result.errors
        assert rows == len(result.rows) == 3 * len(city.rows)
        assert "（平湖市）" in result.rows[0]["matter"]
        assert result.rows[0]["note"].startswith("平湖市")
