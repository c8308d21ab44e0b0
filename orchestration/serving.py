"""Publishing the marts to the files BI tools read.

The build works in its own DuckDB file. Publishing copies schema `marts` into a new file next to each serving
file and renames it over the old one: readers that opened the old file keep reading it, new readers get the
new one, and nobody ever sees half a build or waits for a write lock. The PII-free file leaves out every mart
column tagged `pii` in the dbt project (emails, names, phones); ids stay, so it joins like the full one. A
Spark build publishes the same way, its marts read from the Spark warehouse's Parquet folders (see
orchestration/marts.py).

The two files differ only in the few tables that hold PII, so the nightly job writes the PII-free file from
the build and makes the full one from a byte copy of it, writing only those tables again. Marts that opt in
are caught up from last night's file instead of copied whole (orchestration/serving_catch_up.py).
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.marts import MartsLocation, attach_marts, literal, quote
from orchestration.serving_catch_up import catch_up_marts, save_definitions
from orchestration.serving_tables import (
    BUILD_ALIAS,
    SERVING_SCHEMA,
    built_columns,
    mart_models,
    mart_relations,
    row_count,
    serving_columns,
)


@dataclass(frozen=True)
class Published:
    path: Path
    tables: int
    rows: int
    dropped_columns: tuple[str, ...]
    caught_up: tuple[str, ...] = ()


def pii_columns(manifest_path: Path) -> dict[str, set[str]]:
    """Mart columns tagged `pii` in the dbt project, by table name."""
    tagged: dict[str, set[str]] = {}
    for node in mart_models(manifest_path):
        for name, column in node.get("columns", {}).items():
            tags = set(column.get("tags") or []) | set((column.get("config") or {}).get("tags") or [])
            if "pii" in tags:
                tagged.setdefault(node["name"], set()).add(name)
    return tagged


def publish(source: MartsLocation, target: Path, drop: dict[str, set[str]] | None = None) -> Published:
    """Copies `marts` (tables and views, as tables, with comments) from `source` into `target` atomically."""
    with _partial_of(target) as partial:
        with _serving_connection(partial, source) as connection:
            published = _copy_relations(connection, mart_relations(connection), drop or {})
        _replace_durably([(partial, target)])
    return Published(target, *published)


def publish_with_and_without_pii(
    source: MartsLocation,
    target: Path,
    no_pii_target: Path,
    pii: dict[str, set[str]],
    keys: dict[str, str] | None = None,
) -> tuple[Published, Published]:
    """Publishes `marts` whole to `target` and without the `pii` columns to `no_pii_target`.

    Equal to `publish` twice, at about the cost of once: the full file starts as a byte copy of the finished
    PII-free one, and only the tables with PII columns are dropped there and copied again whole. The marts
    in `keys` (table: key column) are caught up from last night's PII-free file when it has them.
    """
    keys = keys or {}
    with _partial_of(no_pii_target) as no_pii_partial, _partial_of(target) as partial:
        from_last_night = bool(keys) and no_pii_target.exists()
        if from_last_night:
            shutil.copyfile(no_pii_target, no_pii_partial)
            from_last_night = _opens(no_pii_partial)
        with _serving_connection(no_pii_partial, source, create_schema=not from_last_night) as connection:
            relations = mart_relations(connection)
            caught_up = catch_up_marts(connection, relations, keys, pii) if from_last_night else set()
            _comment_relations(connection, [relation for relation in relations if relation[0] in caught_up])
            rewritten = [relation for relation in relations if relation[0] not in caught_up]
            copied = _copy_relations(connection, rewritten, pii)
            save_definitions(connection, keys)
            rows = sum(row_count(connection, name) for name, _ in relations)
        shutil.copyfile(no_pii_partial, partial)
        with _serving_connection(partial, source, create_schema=False) as connection:
            with_pii = [(name, comment) for name, comment in relations if pii.get(name)]
            for name, _ in with_pii:
                connection.execute(f"drop table {SERVING_SCHEMA}.{quote(name)}")
            # Frees the dropped tables' blocks now: their full versions reuse them, the file does not grow.
            connection.execute("checkpoint")
            _copy_relations(connection, with_pii, {})
        _replace_durably([(no_pii_partial, no_pii_target), (partial, target)])
    dropped, caught = copied[2], tuple(sorted(caught_up))
    return (
        Published(target, len(relations), rows, (), caught),
        Published(no_pii_target, len(relations), rows, dropped, caught),
    )


def _opens(path: Path) -> bool:
    """Whether last night's copy opens; one that does not (damaged, another DuckDB version) is removed."""
    try:
        with duckdb.connect(str(path)) as connection:
            connection.execute("select count(*) from duckdb_tables()").fetchall()
        return True
    except duckdb.Error:
        path.unlink(missing_ok=True)
        return False


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


def _copy_relations(
    connection: duckdb.DuckDBPyConnection, relations: list[tuple[str, str | None]], drop: dict[str, set[str]]
) -> tuple[int, int, tuple[str, ...]]:
    """Creates each relation as a table of the serving schema, without its `drop` columns.

    Returns the number of tables, their rows and the dropped columns (`table.column`)."""
    dropped: list[str] = []
    rows = 0
    for name, _ in relations:
        hidden = drop.get(name, set())
        all_columns = [column for column, _ in built_columns(connection, name, set())]
        dropped += [f"{name}.{column}" for column in all_columns if column in hidden]
        projection = ", ".join(quote(column) for column in all_columns if column not in hidden)
        connection.execute(
            f"create table {SERVING_SCHEMA}.{quote(name)} as"
            f" select {projection} from {BUILD_ALIAS}.{SERVING_SCHEMA}.{quote(name)}"
        )
        rows += row_count(connection, name)
    _comment_relations(connection, relations)
    return len(relations), rows, tuple(sorted(dropped))


def _comment_relations(
    connection: duckdb.DuckDBPyConnection, relations: list[tuple[str, str | None]]
) -> None:
    """Gives each serving table, and each of its columns, the build's comment."""
    for name, comment in relations:
        table = f"{SERVING_SCHEMA}.{quote(name)}"
        if comment:
            connection.execute(f"comment on table {table} is {literal(comment)}")
        notes = connection.execute(
            "select column_name, comment from duckdb_columns() where database_name = ?"
            " and schema_name = ? and table_name = ? and comment is not null",
            [BUILD_ALIAS, SERVING_SCHEMA, name],
        ).fetchall()
        kept = {column for column, _ in serving_columns(connection, name)}
        for column, note in notes:
            if column in kept:
                connection.execute(f"comment on column {table}.{quote(column)} is {literal(note)}")


def _replace_durably(moves: list[tuple[Path, Path]]) -> None:
    """Flushes every finished file to disk before renaming any: a crash never leaves a torn serving file."""
    for partial, _ in moves:
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
    for partial, target in moves:
        partial.replace(target)
