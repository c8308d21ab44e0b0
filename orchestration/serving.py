"""Publishing the marts to the files BI tools read.

The build works in its own DuckDB file. Publishing copies schema `marts` into a new file next to each serving
file and renames it over the old one: readers that opened the old file keep reading it, new readers get the
new one, and nobody ever sees half a build or waits for a write lock. The PII-free file leaves out every mart
column tagged `pii` in the dbt project (emails, names, phones); ids stay, so it joins like the full one. A
Spark build publishes the same way, its marts read from the Spark warehouse's Parquet folders (see
orchestration/marts.py).

The two files differ only in the few tables that hold PII, so the nightly job writes the PII-free file from
the build and makes the full one from a byte copy of it, writing only those tables again.

A night changes few rows of the event-grain marts (one new day, a few re-attributed events), so those are not
copied whole either. A mart whose dbt model names a `serving_key` in its meta, and that stamps each row with
the build that wrote it (`_built_at`), is caught up in a byte copy of last night's PII-free file: the rows the
builds since then wrote replace those with the same key, and the rows the build no longer holds go. Each
stamp's rows are then compared between the two sides (count and a sum of key hashes); any difference, a
changed definition of the mart or a changed layout copies it whole instead. The definition each such table was
copied from is kept in the serving file's `publishing` schema.
"""

import hashlib
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
STATE_TABLE = "publishing.caught_up_marts"
STAMP = "_built_at"


@dataclass(frozen=True)
class Published:
    path: Path
    tables: int
    rows: int
    dropped_columns: tuple[str, ...]
    caught_up: tuple[str, ...] = ()


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


def serving_keys(manifest_path: Path) -> dict[str, str]:
    """The key column of each mart published by catching up last night's copy (model meta `serving_key`)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {
        node["name"]: node["meta"]["serving_key"]
        for node in manifest["nodes"].values()
        if node.get("resource_type") == "model"
        and node.get("schema") == SERVING_SCHEMA
        and (node.get("meta") or {}).get("serving_key")
    }


def publish(source: MartsLocation, target: Path, drop: dict[str, set[str]] | None = None) -> Published:
    """Copies `marts` (tables and views, as tables, with comments) from `source` into `target` atomically."""
    with _partial_of(target) as partial:
        with _serving_connection(partial, source) as connection:
            published = _copy_relations(connection, _mart_relations(connection), drop or {})
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
        with _serving_connection(no_pii_partial, source, create_schema=not from_last_night) as connection:
            relations = _mart_relations(connection)
            caught_up = _catch_up_marts(connection, relations, keys, pii) if from_last_night else set()
            _comment_relations(connection, [relation for relation in relations if relation[0] in caught_up])
            rewritten = [relation for relation in relations if relation[0] not in caught_up]
            copied = _copy_relations(connection, rewritten, pii)
            _save_definitions(connection, keys)
            rows = sum(_row_count(connection, name) for name, _ in relations)
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


def _catch_up_marts(
    connection: duckdb.DuckDBPyConnection,
    relations: list[tuple[str, str | None]],
    keys: dict[str, str],
    drop: dict[str, set[str]],
) -> set[str]:
    """In a copy of last night's file: catches up the keyed marts it can and drops every other table.

    A table is caught up only if last night's copy was made from the same definition of the mart and has
    the build's columns; returns the tables caught up."""
    held_definitions = _held_definitions(connection)
    definitions = _definitions(connection, keys)
    built = {name for name, _ in relations}
    candidates = {
        name
        for name in _serving_tables(connection)
        if name in built
        and definitions.get(name) is not None
        and held_definitions.get(name) == definitions[name]
        and _serving_columns(connection, name) == _kept_columns(connection, name, drop.get(name, set()))
    }
    for name in _serving_tables(connection) - candidates:
        connection.execute(f"drop table {SERVING_SCHEMA}.{quote(name)}")
    connection.execute(f"drop schema if exists {STATE_TABLE.split('.')[0]} cascade")
    # Frees the dropped tables' blocks now: the tables copied whole reuse them, the file does not grow.
    connection.execute("checkpoint")
    caught_up = set()
    for name in sorted(candidates):
        if _catch_up(connection, name, keys[name]):
            caught_up.add(name)
        else:
            connection.execute(f"drop table {SERVING_SCHEMA}.{quote(name)}")
    return caught_up


def _catch_up(connection: duckdb.DuckDBPyConnection, name: str, key: str) -> bool:
    """Brings last night's copy of `name` level with the build; false when that fails (copy it whole).

    Builds only delete rows and insert rows stamped with their start, so the rows the builds since last night
    wrote are those stamped later than any row of the copy; they replace the copy's rows with the same key.
    Rows the build deleted without writing the key again (a replayed day with fewer events) remain: each
    stamp's rows are compared (count and key hashes) and the copy's rows of a stamp that differs go unless
    the build holds them."""
    table, built = f"{SERVING_SCHEMA}.{quote(name)}", f"{BUILD_ALIAS}.{SERVING_SCHEMA}.{quote(name)}"
    key, stamp = quote(key), quote(STAMP)
    (latest,) = connection.execute(f"select max({stamp}) from {table}").fetchall()[0]
    if latest is None:
        return False
    written = f"from {built} where {stamp} > ?"
    (written_rows,) = connection.execute(f"select count(*) {written}", [latest]).fetchall()[0]
    if written_rows > _row_count(connection, name) // 2:
        return False
    connection.execute(f"delete from {table} where {key} in (select {key} {written})", [latest])
    connection.execute(f"insert into {table} select * {written}", [latest])
    differing = _differing_stamps(connection, table, built, key)
    if not differing:
        return True
    connection.execute(
        f"delete from {table} as held where held.{stamp} in (select unnest(?::timestamp[])) and not exists"
        f" (select 1 from {built} as kept where kept.{key} = held.{key} and kept.{stamp} = held.{stamp})",
        [differing],
    )
    return not _differing_stamps(connection, table, built, key)


def _differing_stamps(connection: duckdb.DuckDBPyConnection, table: str, built: str, key: str) -> list:
    """The stamps whose rows differ between the serving copy and the build: in number or in keys."""
    signature = f"select {quote(STAMP)} as stamp, count(*) as row_count, sum(hash({key})::hugeint) as keys"
    return [
        row[0]
        for row in connection.execute(
            f"with held as ({signature} from {table} group by 1),"
            f" kept as ({signature} from {built} group by 1)"
            " select stamp from held full outer join kept using (stamp)"
            " where held.row_count is distinct from kept.row_count or held.keys is distinct from kept.keys"
        ).fetchall()
    ]


def _definitions(connection: duckdb.DuckDBPyConnection, keys: dict[str, str]) -> dict[str, str]:
    """A digest of the SQL of each keyed mart the build holds as a view (a table's SQL is not kept)."""
    rows = connection.execute(
        "select view_name, sql from duckdb_views() where database_name = ? and schema_name = ?",
        [BUILD_ALIAS, SERVING_SCHEMA],
    ).fetchall()
    return {name: hashlib.sha256(sql.encode()).hexdigest() for name, sql in rows if name in keys}


def _held_definitions(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    schema, table = STATE_TABLE.split(".")
    exists = connection.execute(
        "select count(*) from duckdb_tables() where database_name = current_database()"
        " and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchall()[0][0]
    if not exists:
        return {}
    return dict(connection.execute(f"select table_name, definition from {STATE_TABLE}").fetchall())


def _save_definitions(connection: duckdb.DuckDBPyConnection, keys: dict[str, str]) -> None:
    """Records the definition each keyed mart was published from, for the next night's catch-up."""
    definitions = _definitions(connection, keys)
    schema = STATE_TABLE.split(".")[0]
    connection.execute(f"create schema if not exists {schema}")
    connection.execute(f"create or replace table {STATE_TABLE} (table_name varchar, definition varchar)")
    note = (
        "Publishing bookkeeping, not for analysis: the mart definition each caught-up table was copied from."
    )
    connection.execute(f"comment on table {STATE_TABLE} is {literal(note)}")
    if definitions:
        connection.executemany(f"insert into {STATE_TABLE} values (?, ?)", sorted(definitions.items()))


def _serving_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "select table_name from duckdb_tables()"
            " where database_name = current_database() and schema_name = ?",
            [SERVING_SCHEMA],
        ).fetchall()
    }


def _serving_columns(connection: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from duckdb_columns() where database_name = current_database()"
        " and schema_name = ? and table_name = ? order by column_index",
        [SERVING_SCHEMA, name],
    ).fetchall()


def _kept_columns(
    connection: duckdb.DuckDBPyConnection, name: str, hidden: set[str]
) -> list[tuple[str, str]]:
    return [
        (column, data_type)
        for column, data_type in connection.execute(
            "select column_name, data_type from duckdb_columns() where database_name = ?"
            " and schema_name = ? and table_name = ? order by column_index",
            [BUILD_ALIAS, SERVING_SCHEMA, name],
        ).fetchall()
        if column not in hidden
    ]


def _row_count(connection: duckdb.DuckDBPyConnection, name: str) -> int:
    return connection.execute(f"select count(*) from {SERVING_SCHEMA}.{quote(name)}").fetchall()[0][0]


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
    for name, _ in relations:
        hidden = drop.get(name, set())
        all_columns = [column for column, _ in _kept_columns(connection, name, set())]
        dropped += [f"{name}.{column}" for column in all_columns if column in hidden]
        projection = ", ".join(quote(column) for column in all_columns if column not in hidden)
        connection.execute(
            f"create table {SERVING_SCHEMA}.{quote(name)} as"
            f" select {projection} from {BUILD_ALIAS}.{SERVING_SCHEMA}.{quote(name)}"
        )
        rows += _row_count(connection, name)
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
        kept = {column for column, _ in _serving_columns(connection, name)}
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
