"""Shared fixtures: a small generated landing folder and a warehouse built from it once per session; the CDNOW
sample (Fader, Hardie & Lee 2005) as shipped inside the `lifetimes` wheel on PyPI, downloaded once with
`pip download` (never installed: the project does not use lifetimes)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb
import polars as pl
import pytest
from dbt_runner import run_dbt

from orchestration.project import prepare_manifest
from orchestration.runner import RunReport, run_nightly
from orchestration.sample_data import GenerationSummary, generate_sample

LIFETIMES_WHEEL = "lifetimes==0.11.3"
CDNOW_MEMBER = "lifetimes/datasets/CDNOW_sample.txt"
SMALL_CONTACTS = 400
SMALL_DAYS = 12
SMALL_END = dt.date(2026, 10, 31)


def pytest_configure(config: pytest.Config) -> None:
    """The prepare step: Dagster's dbt assets load target/manifest.json, which is built, never committed.

    Under pytest-xdist only the controlling process writes it, before the workers start; they read it."""
    if not hasattr(config, "workerinput"):
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
        return query(self.warehouse, sql)

    def dbt(
        self, *args: str, warehouse: Path | None = None, **options: Any
    ) -> subprocess.CompletedProcess[str]:
        """dbt on this warehouse, or on `warehouse` (a copy of it), with its raw layer and as-of date."""
        as_of = self.report.as_of_date.isoformat()
        return run_dbt(*args, warehouse=warehouse or self.warehouse, raw=self.raw, as_of=as_of, **options)


def query(warehouse: Path, sql: str) -> list[tuple]:
    """The rows of `sql` on a warehouse file opened read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(sql).fetchall()


# Columns that record when something ran (load time, build time, CLV fit time) or for which as-of date an
# email summary was last written, not what it computed.
WALL_CLOCK_COLUMNS = ("_loaded_at", "loaded_at", "fitted_at", "_built_at", "_as_of_date")


def table_checksums(
    warehouse: Path, schema: str, ignored: tuple[str, ...] = WALL_CLOCK_COLUMNS
) -> dict[str, tuple]:
    """Each table's row count and a sum of row hashes over its columns but the `ignored` ones."""
    kept = f"and column_name not in ({', '.join(repr(column) for column in ignored)})" if ignored else ""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.sql(
                f"select table_name from information_schema.tables where table_schema = '{schema}' order by 1"
            ).fetchall()
        ]
        sums = {}
        for table in tables:
            columns = [
                row[0]
                for row in connection.sql(
                    f"select column_name from information_schema.columns where table_schema = '{schema}' "
                    f"and table_name = '{table}' {kept}"
                ).fetchall()
            ]
            projection = ", ".join(f'"{column}"' for column in columns)
            sums[table] = connection.sql(
                f"select count(*), sum(hash({projection})) from (select {projection} from {schema}.{table})"
            ).fetchall()[0]
    return sums


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


class WarehouseCopier(Protocol):
    def __call__(self, name: str = "warehouse") -> Path: ...


@pytest.fixture
def warehouse_copy(
    built_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WarehouseCopier]:
    """Copies of the built warehouse, each at a path given by its name that is the same in every test of
    this process (tests of one process run one after another).

    dbt parses the whole project again (~12 s) when the warehouse path in its profile differs from its saved
    parse; a copy at a path an earlier test used starts from that test's parse, kept in the dbt folder beside
    it (`<name>.dbt-target`). The copies are removed after the test."""
    folder = tmp_path_factory.getbasetemp() / "warehouse_copies"
    folder.mkdir(exist_ok=True)
    made: list[Path] = []

    def copy(name: str = "warehouse") -> Path:
        path = folder / f"{name}.duckdb"
        _remove_database(path)
        shutil.copy(built_warehouse.warehouse, path)
        made.append(path)
        return path

    yield copy
    for path in made:
        _remove_database(path)


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(f"{path.name}.wal")):
        leftover.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def cdnow_sample_file(pytestconfig: pytest.Config) -> Path:
    cache = getattr(pytestconfig, "cache", None)  # None under `-p no:cacheprovider`
    folder = cache.mkdir("lifetimes-wheel") if cache else Path(tempfile.gettempdir()) / "lifetimes-wheel"
    target = folder / "CDNOW_sample.txt"
    if target.exists():
        return target
    # Test workers may fetch it at the same time: each downloads into its own folder and the file appears
    # whole, by rename.
    folder.mkdir(parents=True, exist_ok=True)
    download = Path(tempfile.mkdtemp(dir=folder))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", LIFETIMES_WHEEL, "--no-deps", "-q", "-d", str(download)],
        check=True,
    )
    (wheel,) = download.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (download / target.name).write_bytes(archive.read(CDNOW_MEMBER))
    (download / target.name).replace(target)
    shutil.rmtree(download)
    return target


@pytest.fixture(scope="session")
def cdnow_transactions(cdnow_sample_file: Path) -> pl.DataFrame:
    """customer_id, purchased_on, amount (USD): one row per CDNOW transaction, 1997-01-01 .. 1998-06-30."""
    rows = []
    for line in cdnow_sample_file.read_text().splitlines():
        customer, _sample_id, day, _quantity, amount = line.split()
        rows.append((customer, dt.datetime.strptime(day, "%Y%m%d").date(), float(amount)))
    return pl.DataFrame(rows, schema=["customer_id", "purchased_on", "amount"], orient="row")
