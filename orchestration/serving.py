"""Publishing the marts to the files BI tools read.

The build works in its own DuckDB file. Publishing copies schema `marts` into a new file next to each serving
file and renames it over the old one: readers that opened the old file keep reading it, new readers get the
new one, and nobody ever sees half a build or waits for a write lock. The PII-free file leaves out every mart
column tagged `pii` in the dbt project (emails, names, phones); ids stay, so it joins like the full one. A
Spark build publishes the same way, its marts read from the Spark warehouse's Parquet folders (see
orchestration/marts.py).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.marts import MARTS_SCHEMA, MartsLocation, attach_marts, literal, quote

SERVING_SCHEMA = MARTS_SCHEMA


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
    drop = drop or {}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    dropped: list[str] = []
    tables = rows = 0
    try:
        with duckdb.connect(str(partial)) as connection:
            attach_marts(connection, source, "build")
            connection.execute(f"create schema {SERVING_SCHEMA}")
            relations = connection.execute(
                "select table_name, comment from duckdb_tables()"
                " where database_name = 'build' and schema_name = ?"
                " union all select view_name, comment from duckdb_views()"
                " where database_name = 'build' and schema_name = ?",
                [SERVING_SCHEMA, SERVING_SCHEMA],
            ).fetchall()
            for name, comment in sorted(relations):
                columns = connection.execute(
                    "select column_name, comment from duckdb_columns() where database_name = 'build'"
                    " and schema_name = ? and table_name = ? order by column_index",
                    [SERVING_SCHEMA, name],
                ).fetchall()
                kept = [(column, note) for column, note in columns if column not in drop.get(name, set())]
                dropped += [f"{name}.{column}" for column, _ in columns if column in drop.get(name, set())]
                projection = ", ".join(quote(column) for column, _ in kept)
                table = f"{SERVING_SCHEMA}.{quote(name)}"
                connection.execute(
                    f"create table {table} as select {projection} from build.{SERVING_SCHEMA}.{quote(name)}"
                )
                if comment:
                    connection.execute(f"comment on table {table} is {literal(comment)}")
                for column, note in kept:
                    if note:
                        connection.execute(f"comment on column {table}.{quote(column)} is {literal(note)}")
                tables += 1
                rows += connection.execute(f"select count(*) from {table}").fetchone()[0]
            connection.execute("detach build")
            connection.execute("checkpoint")
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return Published(target, tables, rows, tuple(sorted(dropped)))
