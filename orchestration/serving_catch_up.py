"""Publishing a mart by catching up last night's serving copy instead of copying it whole.

A night changes few rows of the event-grain marts (one new day, a few re-attributed events). A mart whose dbt
model names a `serving_key` in its meta, and that stamps each row with the build that wrote it (`_built_at`),
is caught up in a byte copy of last night's PII-free file: the rows the builds since then wrote replace those
with the same key, and the rows the build no longer holds go. Each stamp's rows are then compared between the
two sides (count and a sum of key hashes); any difference, a changed definition of the mart or a changed
layout copies it whole instead. The definition each such table was copied from is kept in the serving file's
`publishing` schema.
"""

import hashlib
from pathlib import Path

import duckdb

from orchestration.marts import literal, quote
from orchestration.serving_tables import (
    BUILD_ALIAS,
    SERVING_SCHEMA,
    built_columns,
    mart_models,
    row_count,
    serving_columns,
    serving_tables,
)

STATE_TABLE = "publishing.caught_up_marts"
STAMP = "_built_at"


def serving_keys(manifest_path: Path) -> dict[str, str]:
    """The key column of each mart published by catching up last night's copy (model meta `serving_key`)."""
    return {
        node["name"]: node["meta"]["serving_key"]
        for node in mart_models(manifest_path)
        if (node.get("meta") or {}).get("serving_key")
    }


def catch_up_marts(
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
        for name in serving_tables(connection)
        if name in built
        and definitions.get(name) is not None
        and held_definitions.get(name) == definitions[name]
        and serving_columns(connection, name) == built_columns(connection, name, drop.get(name, set()))
    }
    for name in serving_tables(connection) - candidates:
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
    if written_rows > row_count(connection, name) // 2:
        return False
    columns = ", ".join(quote(column) for column, _ in serving_columns(connection, name))
    connection.execute(f"delete from {table} where {key} in (select {key} {written})", [latest])
    connection.execute(f"insert into {table} select {columns} {written}", [latest])
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


def save_definitions(connection: duckdb.DuckDBPyConnection, keys: dict[str, str]) -> None:
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
