"""Shared fixtures: a small generated landing folder and a warehouse built from it once per session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.project import prepare_manifest
from orchestration.runner import RunReport, run_nightly
from orchestration.sample_data import GenerationSummary, generate_sample

SMALL_CONTACTS = 400
SMALL_DAYS = 12
SMALL_END = dt.date(2026, 10, 31)


def pytest_configure(config: pytest.Config) -> None:
    """The prepare step: Dagster's dbt assets load target/manifest.json, which is built, never committed."""
    prepare_manifest()


@dataclass(frozen=True)
class BuiltWarehouse:
    landing: Path
    warehouse: Path
    report: RunReport
    generation: GenerationSummary

    @property
    def raw(self) -> Path:
        return self.warehouse.parent / "raw"

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            return connection.sql(sql).fetchall()


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    landing = tmp_path_factory.mktemp("landing")
    summary = generate_sample(landing, contacts=SMALL_CONTACTS, days=SMALL_DAYS, end_date=SMALL_END, seed=7)
    return landing, summary


@pytest.fixture(scope="session")
def built_warehouse(
    small_landing: tuple[Path, GenerationSummary], tmp_path_factory: pytest.TempPathFactory
) -> BuiltWarehouse:
    landing, summary = small_landing
    warehouse = tmp_path_factory.mktemp("warehouse") / "crm.duckdb"
    with (warehouse.parent / "run.log").open("w") as log:
        report = run_nightly(landing, warehouse, log=log)
    assert report.success, report.errors
    return BuiltWarehouse(landing=landing, warehouse=warehouse, report=report, generation=summary)
