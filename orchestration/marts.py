"""Reading the built marts from Python, whichever engine dbt built them on.

On DuckDB the marts are schema `marts` of the pipeline's DuckDB file. On Spark they are Parquet folders in the
Spark warehouse (`<spark warehouse>/marts.db/<table>/`); DuckDB reads those directly, so the CLV fit, the
report and the BI serving files work the same after either build. Spark writes timestamps as UTC instants;
they are read back as plain UTC timestamps, which is how the DuckDB build stores them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

MARTS_SCHEMA = "marts"
Engine = Literal["duckdb", "spark"]


class MartsNotBuiltError(FileNotFoundError):
    """The engine's output for the marts is missing (no build yet, or a table without files)."""


@dataclass(frozen=True)
class MartsLocation:
    """Where one build's marts are: a DuckDB file (duckdb) or a Spark warehouse folder (spark)."""

    engine: Engine
    path: Path


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _spark_table_folders(spark_warehouse: Path) -> list[Path]:
    schema_folder = spark_warehouse / f"{MARTS_SCHEMA}.db"
    if not schema_folder.is_dir():
        raise MartsNotBuiltError(f"no Spark marts in {schema_folder}: has dbt built on the spark target?")
    return sorted(folder for folder in schema_folder.iterdir() if folder.is_dir())


def _attach_spark_marts(connection: duckdb.DuckDBPyConnection, spark_warehouse: Path, alias: str) -> None:
    connection.execute(f"attach ':memory:' as {quote(alias)}")
    connection.execute(f"create schema {quote(alias)}.{MARTS_SCHEMA}")
    connection.execute("set TimeZone = 'UTC'")
    for folder in _spark_table_folders(spark_warehouse):
        files = sorted(folder.glob("*.parquet"))
        if not files:
            raise MartsNotBuiltError(f"Spark wrote no Parquet files for table {folder.name} in {folder}")
        scan = f"read_parquet([{', '.join(literal(str(file)) for file in files)}])"
        columns = connection.execute(f"describe select * from {scan}").fetchall()
        projection = ", ".join(
            f"cast({quote(name)} at time zone 'UTC' as timestamp) as {quote(name)}"
            if column_type.startswith("TIMESTAMP WITH TIME ZONE")
            else quote(name)
            for name, column_type, *_ in columns
        )
        view = f"{quote(alias)}.{MARTS_SCHEMA}.{quote(folder.name)}"
        connection.execute(f"create view {view} as select {projection} from {scan}")


def attach_marts(connection: duckdb.DuckDBPyConnection, location: MartsLocation, alias: str) -> None:
    """Makes the build's marts readable in `connection` as `<alias>.marts.<table>`, read-only."""
    if location.engine == "spark":
        _attach_spark_marts(connection, location.path, alias)
        return
    if not location.path.exists():
        raise MartsNotBuiltError(f"no DuckDB warehouse at {location.path}")
    connection.execute(f"attach {literal(str(location.path))} as {quote(alias)} (read_only)")


@contextmanager
def read_marts(location: MartsLocation) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection in which `marts.<table>` names the build's marts."""
    with duckdb.connect() as connection:
        attach_marts(connection, location, "build")
        connection.execute("use build")
        yield connection
