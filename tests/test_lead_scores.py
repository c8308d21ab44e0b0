"""Lead score history and the event staging models built night by night equal the ones built in one go."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse, table_checksums
from dbt_runner import run_dbt, run_results

pytestmark = pytest.mark.e2e

# Incremental by export day (macros/incremental_exports.sql).
EVENT_STAGING_MODELS = (
    "stg_marketing__email_events",
    "stg_marketing__page_views",
    "stg_marketing__web_sessions",
    "stg_marketing__form_submissions",
    "stg_crm__activities",
    "stg_product__usage_days",
)
HISTORY_COLUMNS = (
    "contact_id, valid_from, valid_to, score, score_change, reason, anchor_date, round(anchor_score, 6)"
)


def history(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(
            f"select {HISTORY_COLUMNS} from intermediate.int_lead_scores_historized "
            "order by contact_id, valid_from"
        ).fetchall()


def build(warehouse: Path, raw: Path, as_of: dt.date, *flags: str) -> dict[str, str]:
    """Builds up to the lead score history; returns the SQL each event staging model ran."""
    result = run_dbt(
        "run",
        "--select",
        "+int_lead_scores_historized",
        "stg_product__usage_days",
        *flags,
        warehouse=warehouse,
        raw=raw,
        as_of=as_of.isoformat(),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    compiled = {
        result["unique_id"].split(".")[-1]: result.get("compiled_code", "")
        for result in run_results()["results"]
    }
    return {model: compiled[model] for model in EVENT_STAGING_MODELS}


def test_nightly_increments_equal_a_full_refresh(built_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    days = built_warehouse.report.dates
    nightly, full = tmp_path / "nightly.duckdb", tmp_path / "full.duckdb"
    shutil.copy(built_warehouse.warehouse, nightly)
    shutil.copy(built_warehouse.warehouse, full)

    build(nightly, built_warehouse.raw, days[-3], "--full-refresh")
    rows_before = len(history(nightly))
    for day in days[-2:]:
        nightly_sql = build(nightly, built_warehouse.raw, day)
        # A night reads only its own export day from the raw events.
        assert all(f"_export_date in (cast('{day}' as date))" in sql for sql in nightly_sql.values())
    # Nothing new landed: the event staging models read no raw row.
    rerun_sql = build(nightly, built_warehouse.raw, days[-1])
    assert all("and 1 = 0" in sql for sql in rerun_sql.values())
    build(full, built_warehouse.raw, days[-1], "--full-refresh")

    incremental_rows, full_rows = history(nightly), history(full)
    assert len(incremental_rows) > rows_before > 0
    assert incremental_rows == full_rows
    nightly_staging, full_staging = table_checksums(nightly, "staging"), table_checksums(full, "staging")
    for model in EVENT_STAGING_MODELS:
        assert nightly_staging[model] == full_staging[model], model
