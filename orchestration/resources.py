"""Where the pipeline reads landing files and writes the warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.marts import Engine, MartsLocation
from orchestration.paths import DEFAULT_LISTS_FILE, DEFAULT_WAREHOUSE_PATH, SAMPLE_LANDING_DIR


class WarehouseResource(dg.ConfigurableResource):
    """The landing folder (`<YYYY-MM-DD>/<export>.csv`) and the warehouse files built from it.

    The raw Parquet layer lives in a `raw/` folder next to the DuckDB file unless `raw_dir` is set; contact
    lists are declared in `lists_file`; BI serving files go to `serving_dir` (default: `serving/` next to the
    DuckDB file). `dbt_target` picks the engine dbt builds on: `duckdb` (the DuckDB file) or `spark` (the
    profile's Spark target, its tables in `spark_warehouse_dir`, default `spark/` next to the DuckDB file).
    """

    landing_dir: str = str(SAMPLE_LANDING_DIR)
    warehouse_path: str = str(DEFAULT_WAREHOUSE_PATH)
    raw_dir: str | None = None
    lists_file: str = str(DEFAULT_LISTS_FILE)
    serving_dir: str | None = None
    dbt_target: Engine = "duckdb"
    spark_warehouse_dir: str | None = None

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir).resolve()

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path).resolve()

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir).resolve() if self.raw_dir else self.warehouse.parent / "raw"

    @property
    def lists(self) -> Path:
        return Path(self.lists_file).resolve()

    @property
    def serving(self) -> Path:
        return Path(self.serving_dir).resolve() if self.serving_dir else self.warehouse.parent / "serving"

    @property
    def spark_warehouse(self) -> Path:
        if self.spark_warehouse_dir:
            return Path(self.spark_warehouse_dir).resolve()
        return self.warehouse.parent / "spark"

    @property
    def marts(self) -> MartsLocation:
        """Where this pipeline's dbt build leaves the marts."""
        if self.dbt_target == "spark":
            return MartsLocation("spark", self.spark_warehouse)
        return MartsLocation("duckdb", self.warehouse)
