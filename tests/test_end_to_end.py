"""The nightly job on a small generated sample, end to end."""

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import BuiltWarehouse, WarehouseCopier, query, table_checksums

from orchestration.cli import main
from orchestration.landing.contract import load_contract
from orchestration.paths import MODELS_DIR
from orchestration.runner import run_nightly

pytestmark = pytest.mark.e2e


def test_run_loads_every_day_and_reconciles(built_warehouse: BuiltWarehouse) -> None:
    report = built_warehouse.report
    assert report.success and not report.checks_failed
    assert len(report.dates) == 12
    loads = report.loads.filter(pl.col("status") == "loaded")
    assert (loads["rows_in"] == loads["rows_loaded"] + loads["rows_rejected"]).all()
    assert loads["rows_rejected"].sum() > 0
    audit = built_warehouse.query(
        "select count(*), sum(rows_loaded), sum(rows_rejected) from staging.stg_landing__loads "
        "where load_status = 'loaded'"
    )[0]
    assert audit == (loads.height, loads["rows_loaded"].sum(), loads["rows_rejected"].sum())
    marts_as_of = built_warehouse.query("select distinct as_of_date from marts.rpt_segment_health")
    assert marts_as_of == [(report.as_of_date,)]


def test_staging_keeps_the_latest_version_of_each_record(built_warehouse: BuiltWarehouse) -> None:
    raw_ids, staged_ids = built_warehouse.query(
        "select (select count(distinct contact_id) from raw.contacts), "
        "(select count(*) from staging.stg_crm__contacts)"
    )[0]
    assert raw_ids == staged_ids > 0
    # Every staged contact carries the greatest updated_at any export had for it.
    stale = built_warehouse.query(
        """
        select count(*) from staging.stg_crm__contacts as s
        join (select contact_id, max(updated_at) as latest from raw.contacts group by 1) as r
            using (contact_id)
        where s.updated_at <> r.latest
        """
    )[0][0]
    assert stale == 0


def test_every_staging_model_has_a_grain_test(built_warehouse: BuiltWarehouse) -> None:
    manifest = (MODELS_DIR.parent / "target" / "manifest.json").read_text()
    for spec in load_contract(MODELS_DIR).values():
        assert f"stg_{spec.source}__" in manifest
    tables = {
        row[0]
        for row in built_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'staging'"
        )
    }
    assert len(tables) == len(list(MODELS_DIR.glob("staging/*/stg_*.sql")))
    assert built_warehouse.report.checks_passed >= 2 * len(tables)


def test_rerunning_a_day_changes_nothing(built_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    """Replaying one day's drop rebuilds the same warehouse, marts and lead score history included. The replay
    runs on a copy with its own raw layer: the shared built warehouse keeps the stamps of one build."""
    warehouse = tmp_path / "crm.duckdb"
    shutil.copy(built_warehouse.warehouse, warehouse)
    shutil.copytree(built_warehouse.raw, tmp_path / "raw")
    before = {schema: table_checksums(warehouse, schema) for schema in ("staging", "marts")}
    day = built_warehouse.report.dates[4]
    with (tmp_path / "rerun.log").open("w") as log:
        report = run_nightly(built_warehouse.landing, warehouse, date=day, log=log)
    assert report.success, report.errors
    assert report.dates == [day]
    after = {schema: table_checksums(warehouse, schema) for schema in ("staging", "marts")}
    changed = {
        f"{schema}.{table}"
        for schema, tables in after.items()
        for table, checksum in tables.items()
        if before[schema].get(table) != checksum
    }
    assert changed == set()
    assert after.keys() == before.keys() and "fct_lead_score_history" in after["marts"]


def test_the_load_audit_is_copied_at_the_start_of_each_dbt_run(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """On DuckDB the load audit is a table copied from its files when dbt starts (the staging plans query it a
    dozen times a night): a warehouse holding it as a view, as older versions built it, gets the table, and a
    copy that no longer matches the files is replaced."""
    warehouse = warehouse_copy()
    audit_files = pl.read_parquet(built_warehouse.raw / "load_audit" / "*" / "*.parquet")
    kind_sql = "select table_type from information_schema.tables where table_schema = 'raw'"
    kind_sql += " and table_name = '{}'"
    assert query(warehouse, kind_sql.format("load_audit")) == [("BASE TABLE",)]
    assert query(warehouse, kind_sql.format("email_events")) == [("VIEW",)]

    def rebuild_and_count() -> tuple[list[tuple], int, int]:
        result = built_warehouse.dbt("run", "--select", "stg_landing__loads", warehouse=warehouse)
        assert result.returncode == 0, result.stdout[-3000:]
        kind = query(warehouse, kind_sql.format("load_audit"))
        (audited,) = query(warehouse, "select count(*) from raw.load_audit")[0]
        (staged,) = query(warehouse, "select count(*) from staging.stg_landing__loads")[0]
        return kind, audited, staged

    glob = str(built_warehouse.raw / "load_audit" / "*" / "*.parquet")
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("drop table raw.load_audit")
        connection.execute(
            f"create view raw.load_audit as select * from read_parquet('{glob}') where export <> 'contacts'"
        )
    assert rebuild_and_count() == ([("BASE TABLE",)], audit_files.height, audit_files.height)

    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("delete from raw.load_audit where export = 'contacts'")
    assert rebuild_and_count() == ([("BASE TABLE",)], audit_files.height, audit_files.height)


def test_a_dbt_run_registers_only_the_raw_tables_its_models_read(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """A run of one staging model registers its export (with the export's rejects) and, for an incremental
    model, the load audit its plan reads; the other raw relations stay as an earlier run left them."""
    warehouse = warehouse_copy()
    marked = ["contacts", "contacts_rejects", "tickets", "tickets_rejects", "email_events"]
    with duckdb.connect(str(warehouse)) as connection:
        for name in marked:
            connection.execute(f"create or replace view raw.{name} as select 'earlier run' as marker")
        connection.execute("drop table raw.load_audit")

    def still_marked() -> set[str]:
        views = query(
            warehouse,
            "select table_name from duckdb_columns() where schema_name = 'raw' and column_name = 'marker'",
        )
        return {name for (name,) in views}

    result = built_warehouse.dbt("run", "--select", "stg_crm__contacts", warehouse=warehouse)
    assert result.returncode == 0, result.stdout[-3000:]
    assert still_marked() == {"tickets", "tickets_rejects", "email_events"}
    (audited,) = query(warehouse, "select count(*) from raw.load_audit")[0]
    assert audited == pl.read_parquet(built_warehouse.raw / "load_audit" / "*" / "*.parquet").height

    result = built_warehouse.dbt("run", "--select", "stg_support__tickets", warehouse=warehouse)
    assert result.returncode == 0, result.stdout[-3000:]
    assert still_marked() == {"email_events"}


def test_cli_reports_a_missing_landing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--landing", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert code == 2
    assert "no landing folders" in capsys.readouterr().err
