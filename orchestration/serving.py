"""Publishing the marts to the files BI tools read.

The build works in its own DuckDB file. Publishing copies schema `marts` into a new file next to each serving
file and renames it over the old one: readers that opened the old file keep reading it, new readers get the
new one, and nobody ever sees half a build or waits for a write lock. The PII-free file leaves out every mart
column tagged `pii` in the dbt project (emails, names, phones); ids stay, so it joins like the full one. A
Spark build publishes the same way, its marts read from the Spark warehouse's Parquet folders (see
orchestration/marts.py).

The two files differ only in the few tables that hold PII, so the nightly job writes the PII-free file from
the build and makes the full one from a byte copy of it, writing only those tables again.
"""

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.marts import MARTS_SCHEMA, MartsLocation, attach_marts, literal, quote

SERVING_SCHEMA = MARTS_SCHEMA
BUILD_ALIAS = "build"


@dataclass(frozen=True)
class Published:
    path: Path
    tables: int
    rows: int
    dropped_columns: tuple[str, ...]


def pii_columns(manifest_path: Path) -> dict[str, set[str]]:
    """Mart columns tagged `pii` in the dbt project, by table name."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tagged: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") != "model" or node.get("schema") != SERVING_SCHEMA:
            continue
        for name, column in node.get("columns", {}).items():
            tags = set(column.get("tags") or []) | set((column.get("config") or {}).get("tags") or [])
            if "pii" in tags:
                tagged.setdefault(node["name"], set()).add(name)
    return tagged


def publish(source: MartsLocation, target: Path, drop: dict[str, set[str]] | None = None) -> Published:
    """Copies `marts` (tables and views, as tables, with comments) from `source` into `target` atomically."""
    with _partial_of(target) as partial:
        with _serving_connection(partial, source) as connection:
            published = _copy_relations(connection, _mart_relations(connection), drop or {})
        _replace_durably([(partial, target)])
    return Published(target, *published)


def publish_with_and_without_pii(
    source: MartsLocation, target: Path, no_pii_target: Path, pii: dict[str, set[str]]
) -> tuple[Published, Published]:
    """Publishes `marts` whole to `target` and without the `pii` columns to `no_pii_target`.

    Equal to `publish` twice, at about the cost of once: the full file starts as a byte copy of the finished
    PII-free one, and only the tables with PII columns are dropped there and copied again whole.
    """
    with _partial_of(no_pii_target) as no_pii_partial, _partial_of(target) as partial:
        with _serving_connection(no_pii_partial, source) as connection:
            relations = _mart_relations(connection)
            without_pii = _copy_relations(connection, relations, pii)
        shutil.copyfile(no_pii_partial, partial)
        with _serving_connection(partial, source, create_schema=False) as connection:
            with_pii = [(name, comment) for name, comment in relations if pii.get(name)]
            for name, _ in with_pii:
                connection.execute(f"drop table {SERVING_SCHEMA}.{quote(name)}")
            # Frees the dropped tables' blocks now: their full versions reuse them, the file does not grow.
            connection.execute("checkpoint")
            _copy_relations(connection, with_pii, {})
        _replace_durably([(no_pii_partial, no_pii_target), (partial, target)])
    tables, rows, dropped = without_pii
    return Published(target, tables, rows, ()), Published(no_pii_target, tables, rows, dropped)


@contextmanager
def _partial_of(target: Path) -> Iterator[Path]:
    """The file a publish writes before renaming it over `target`; a killed publish's leftover is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _serving_connection(
    path: Path, source: MartsLocation, create_schema: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the file being written, the build attached read-only; checkpointed when done."""
    with duckdb.connect(str(path)) as connection:
        attach_marts(connection, source, BUILD_ALIAS)
        if create_schema:
            connection.execute(f"create schema {SERVING_SCHEMA}")
        yield connection
        connection.execute(f"detach {BUILD_ALIAS}")
        connection.execute("checkpoint")


def _mart_relations(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """The build's marts tables and views with their comments, by name."""
    return sorted(
        connection.execute(
            "select table_name, comment from duckdb_tables() where database_name = ? and schema_name = ?"
            " union all select view_name, comment from duckdb_views()"
            " where database_name = ? and schema_name = ?",
            [BUILD_ALIAS, SERVING_SCHEMA, BUILD_ALIAS, SERVING_SCHEMA],
        ).fetchall()
    )


def _copy_relations(
    connection: duckdb.DuckDBPyConnection, relations: list[tuple[str, str | None]], drop: dict[str, set[str]]
) -> tuple[int, int, tuple[str, ...]]:
    """Creates each relation as a table of the serving schema, without its `drop` columns.

    Returns the number of tables, their rows and the dropped columns (`table.column`)."""
    dropped: list[str] = []
    rows = 0
    for name, comment in relations:
        columns = connection.execute(
            "select column_name, comment from duckdb_columns() where database_name = ?"
            " and schema_name = ? and table_name = ? order by column_index",
            [BUILD_ALIAS, SERVING_SCHEMA, name],
        ).fetchall()
        hidden = drop.get(name, set())
        kept = [(column, note) for column, note in columns if column not in hidden]
        dropped += [f"{name}.{column}" for column, _ in columns if column in hidden]
        projection = ", ".join(quote(column) for column, _ in kept)
        table = f"{SERVING_SCHEMA}.{quote(name)}"
        connection.execute(
            f"create table {table} as select {projection} from {BUILD_ALIAS}.{SERVING_SCHEMA}.{quote(name)}"
        )
        if comment:
            connection.execute(f"comment on table {table} is {literal(comment)}")
        for column, note in kept:
            if note:
                connection.execute(f"comment on column {table}.{quote(column)} is {literal(note)}")
        rows += connection.execute(f"select count(*) from {table}").fetchone()[0]
    return len(relations), rows, tuple(sorted(dropped))


def _replace_durably(moves: list[tuple[Path, Path]]) -> None:
    """Flushes every finished file to disk before renaming any: a crash never leaves a torn serving file."""
    for partial, _ in moves:
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
    for partial, target in moves:
        partial.replace(target)
