"""The CRM contacts staging model built night by night keeps the contact versions a full build picks."""

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import BuiltWarehouse, WarehouseCopier, query, table_checksums
from dbt_runner import compiled_sql, run_dbt

from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.landing.load import load_export_day
from orchestration.landing.reader import read_landing_file
from orchestration.paths import MODELS_DIR

pytestmark = pytest.mark.e2e

MODEL = "stg_crm__contacts"
EXPORT_TIME = "%Y-%m-%dT%H:%M:%SZ"
ARRIVED = "arrived-next-night"


def _shifted(records: pl.DataFrame, contact_id: str, by: dt.timedelta, email: str) -> pl.DataFrame:
    """A contact's landed record exported again with `updated_at` moved by `by` and another email."""
    record = records.filter(pl.col("contact_id") == contact_id)
    updated_at = dt.datetime.strptime(record["updated_at"].item(), EXPORT_TIME) + by
    return record.with_columns(updated_at=pl.lit(updated_at.strftime(EXPORT_TIME)), email=pl.lit(email))


def _next_night_export(records: pl.DataFrame, stale: str, newer: str) -> pl.DataFrame:
    """The next night's contacts: `stale` re-sent a day older than held, `newer` changed twice (its older
    change also in the file), and a new contact."""
    return pl.concat(
        [
            _shifted(records, stale, -dt.timedelta(days=1), "stale@example.com"),
            _shifted(records, newer, dt.timedelta(hours=2), "newest@example.com"),
            _shifted(records, newer, dt.timedelta(hours=1), "newer@example.com"),
            _shifted(records, newer, dt.timedelta(hours=1), "new@example.com").with_columns(
                contact_id=pl.lit(ARRIVED)
            ),
        ]
    )


def test_a_night_keeps_the_contact_versions_a_full_build_picks(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier, tmp_path: Path
) -> None:
    last_day = built_warehouse.report.dates[-1]
    night = last_day + dt.timedelta(days=1)
    # Two contacts whose held version is a record of the last day's file.
    held = query(
        built_warehouse.warehouse,
        f"select contact_id, _row_number, email from staging.{MODEL}"
        f" where _export_date = '{last_day}' order by contact_id limit 2",
    )
    (stale, stale_row, stale_email), (newer, newer_row, _) = held
    landed = read_landing_file(
        layout.landing_file(built_warehouse.landing, last_day, "contacts"), "contacts.csv"
    ).records
    records = landed.filter(pl.col("_row_number").is_in([stale_row, newer_row])).drop("_row_number")
    (held_count,) = query(built_warehouse.warehouse, f"select count(*) from staging.{MODEL}")[0]

    landing, raw = tmp_path / "landing", tmp_path / "raw"
    shutil.copytree(built_warehouse.raw, raw)
    layout.landing_file(landing, night, "contacts").parent.mkdir(parents=True)
    _next_night_export(records, stale, newer).write_csv(layout.landing_file(landing, night, "contacts"))
    loaded = load_export_day(load_contract(MODELS_DIR)["contacts"], landing, raw, night)
    assert loaded.rows_loaded == 4

    warehouse = warehouse_copy()

    def build(*flags: str) -> dict[str, tuple]:
        result = run_dbt(
            "run", "--select", MODEL, *flags, warehouse=warehouse, raw=raw, as_of=night.isoformat()
        )
        assert result.returncode == 0, result.stdout[-3000:]
        return table_checksums(warehouse, "staging")

    nightly = build()
    assert f"_export_date in (cast('{night}' as date))" in compiled_sql(warehouse)[MODEL]
    emails = dict(query(warehouse, f"select contact_id, email from staging.{MODEL}"))
    assert emails[stale] == stale_email
    assert (emails[newer], emails[ARRIVED]) == ("newest@example.com", "new@example.com")
    assert len(emails) == held_count + 1

    assert build("--full-refresh")[MODEL] == nightly[MODEL]
