"""The same dbt project on Apache Spark (dbt-spark, a local Spark in the dbt process): built from the raw
Parquet layer a DuckDB build wrote, a build of the day before and the night of the last day give the same
marts row for row, and publish to a BI serving file with the same column types as the DuckDB build's."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import WALL_CLOCK_COLUMNS, BuiltWarehouse
from dbt_runner import DbtCommand, compiled_sql, copy_project, dbt_command, run_dbt_in_one_process

from orchestration.marts import MartsLocation
from orchestration.paths import dbt_target_path
from orchestration.serving import publish

# The marts compared, each with its grain.
COMPARED = {
    "dim_contacts": ["contact_id"],
    "rpt_segment_health": ["segment_family", "segment"],
    "contact_segments": ["contact_id", "segment_family", "segment"],
    "fct_lead_score_history": ["contact_id", "valid_from"],
}
# Numbers agree within rounding: Spark divides decimals (money) at a scale of 6 digits where DuckDB returns a
# double, and a median of cents may keep the half cent on one engine only.
RELATIVE_TOLERANCE = 1e-5


def read_table(database: Path, table: str) -> tuple[pl.DataFrame, list[tuple[str, str]]]:
    """A mart's rows and its (column, type) pairs."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = pl.from_arrow(connection.sql(f"select * from marts.{table}").to_arrow_table())
        types = connection.sql(
            "select column_name, data_type from information_schema.columns"
            f" where table_schema = 'marts' and table_name = '{table}' order by ordinal_position"
        ).fetchall()
    assert isinstance(rows, pl.DataFrame)
    return rows, types


def incremental_models_upstream(manifest: dict, tables: Iterable[str]) -> list[str]:
    """The incremental models `tables` are built from, by name, from a dbt manifest."""
    names = set(tables)
    pending = [node_id for node_id in manifest["nodes"] if node_id.split(".")[-1] in names]
    upstream = set(pending)
    while pending:
        for parent in manifest["parent_map"].get(pending.pop(), []):
            if parent not in upstream:
                upstream.add(parent)
                pending.append(parent)
    nodes = manifest["nodes"]
    return sorted(
        node_id.split(".")[-1]
        for node_id in upstream
        if node_id.startswith("model.") and nodes[node_id]["config"]["materialized"] == "incremental"
    )


def values_match(left: object, right: object) -> bool:
    if isinstance(left, float | Decimal) and isinstance(right, float | Decimal):
        return math.isclose(float(left), float(right), rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-6)
    return left == right


def differences(duck: pl.DataFrame, spark: pl.DataFrame, grain: list[str]) -> list[str]:
    found = []
    if set(duck.columns) != set(spark.columns):
        return [f"columns differ: {sorted(set(duck.columns) ^ set(spark.columns))}"]
    spark = spark.select(duck.columns)
    if duck.height != spark.height:
        found.append(f"{duck.height} rows on DuckDB, {spark.height} on Spark")
    duck_rows = {tuple(row[c] for c in grain): row for row in duck.iter_rows(named=True)}
    spark_rows = {tuple(row[c] for c in grain): row for row in spark.iter_rows(named=True)}
    for key in sorted(duck_rows.keys() ^ spark_rows.keys(), key=str)[:5]:
        found.append(f"{key} only on {'DuckDB' if key in duck_rows else 'Spark'}")
    for key in sorted(duck_rows.keys() & spark_rows.keys(), key=str):
        for column in duck.columns:
            if column in WALL_CLOCK_COLUMNS:  # each engine's own build time
                continue
            left, right = duck_rows[key][column], spark_rows[key][column]
            if not values_match(left, right):
                found.append(f"{key} {column}: DuckDB {left!r}, Spark {right!r}")
    return found[:20]


@pytest.mark.spark
def test_spark_builds_the_same_marts_as_duckdb(built_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    spark_warehouse = tmp_path / "spark"
    # Not beside the built warehouse: its next dbt run in this process would parse the project again.
    artifacts = tmp_path / "dbt-target"
    night = built_warehouse.report.as_of_date

    def build(as_of: dt.date, selection: str) -> DbtCommand:
        return dbt_command(
            "build",
            "--target",
            "spark",
            "--select",
            selection,
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            warehouse=built_warehouse.warehouse,
            raw=built_warehouse.raw,
            as_of=as_of.isoformat(),
            project=project,
            artifacts=artifacts,
            # A tiny sample: one shuffle partition per stage saves most of Spark's task overhead.
            env={"CRM_SPARK_WAREHOUSE": str(spark_warehouse), "CRM_SPARK_SHUFFLE_PARTITIONS": "1"},
        )

    # The eve builds the incremental models the compared marts come from (and what they read) anew; the night
    # then takes them through Spark's delete+insert (macros/spark_incremental.sql) and builds everything else.
    # Both run in one process: Spark and its metastore start once.
    manifest = json.loads((dbt_target_path(built_warehouse.warehouse) / "manifest.json").read_text())
    incremental = incremental_models_upstream(manifest, COMPARED)
    assert {"stg_crm__contacts", "int_lead_scores_historized"} <= set(incremental)
    eve = build(night - dt.timedelta(days=1), " ".join(f"+{model}" for model in incremental))
    result = run_dbt_in_one_process([eve, build(night, " ".join(f"+{table}" for table in COMPARED))])
    assert result.returncode == 0, result.stdout[-4000:]
    night_sql = compiled_sql(built_warehouse.warehouse, artifacts)
    assert f"_export_date in (cast('{night}' as date))" in night_sql["stg_crm__contacts"]

    # Publishing reads the Spark build's Parquet files, as the nightly job on the spark target does.
    serving = tmp_path / "serving" / "crm.duckdb"
    published = publish(MartsLocation("spark", spark_warehouse), serving)
    assert published.tables >= len(COMPARED)
    for table, grain in COMPARED.items():
        duck, duck_types = read_table(built_warehouse.warehouse, table)
        spark, spark_types = read_table(serving, table)
        assert duck.height > 0, table
        assert spark_types == duck_types, table
        assert differences(duck, spark, grain) == [], table
