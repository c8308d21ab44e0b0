"""Lead score history built night by night equals the history built in one go."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse
from dbt_runner import run_dbt

pytestmark = pytest.mark.e2e

HISTORY_COLUMNS = (
    "contact_id, valid_from, valid_to, score, score_change, reason, anchor_date, round(anchor_score, 6)"
)


def history(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(
            f"select {HISTORY_COLUMNS} from intermediate.int_lead_scores_historized "
            "order by contact_id, valid_from"
        ).fetchall()


def build(warehouse: Path, raw: Path, as_of: dt.date, *flags: str) -> None:
    result = run_dbt(
        "run",
        "--select",
        "+int_lead_scores_historized",
        *flags,
        warehouse=warehouse,
        raw=raw,
        as_of=as_of.isoformat(),
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_nightly_increments_equal_a_full_refresh(built_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    days = built_warehouse.report.dates
    nightly, full = tmp_path / "nightly.duckdb", tmp_path / "full.duckdb"
    shutil.copy(built_warehouse.warehouse, nightly)
    shutil.copy(built_warehouse.warehouse, full)

    build(nightly, built_warehouse.raw, days[-3], "--full-refresh")
    rows_before = len(history(nightly))
    for day in days[-2:]:
        build(nightly, built_warehouse.raw, day)
    build(full, built_warehouse.raw, days[-1], "--full-refresh")

    incremental_rows, full_rows = history(nightly), history(full)
    assert len(incremental_rows) > rows_before > 0
    assert incremental_rows == full_rows
