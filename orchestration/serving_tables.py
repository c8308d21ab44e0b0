"""The serving file's tables and the build's marts, as a publish sees them: a connection to the file being
written, with the build's marts attached as `build`."""

import json
from pathlib import Path

import duckdb

from orchestration.marts import MARTS_SCHEMA, quote

SERVING_SCHEMA = MARTS_SCHEMA
BUILD_ALIAS = "build"


def mart_models(manifest_path: Path) -> list[dict]:
    """The dbt manifest's nodes of the models built into the marts schema."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return [
        node
        for node in manifest["nodes"].values()
        if node.get("resource_type") == "model" and node.get("schema") == SERVING_SCHEMA
    ]


def mart_relations(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """The build's marts tables and views with their comments, by name."""
    return sorted(
        connection.execute(
            "select table_name, comment from duckdb_tables() where database_name = ? and schema_name = ?"
            " union all select view_name, comment from duckdb_views()"
            " where database_name = ? and schema_name = ?",
            [BUILD_ALIAS, SERVING_SCHEMA, BUILD_ALIAS, SERVING_SCHEMA],
        ).fetchall()
    )


def serving_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "select table_name from duckdb_tables()"
            " where database_name = current_database() and schema_name = ?",
            [SERVING_SCHEMA],
        ).fetchall()
    }


def serving_columns(connection: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from duckdb_columns() where database_name = current_database()"
        " and schema_name = ? and table_name = ? order by column_index",
        [SERVING_SCHEMA, name],
    ).fetchall()


def built_columns(
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


def row_count(connection: duckdb.DuckDBPyConnection, name: str) -> int:
    return connection.execute(f"select count(*) from {SERVING_SCHEMA}.{quote(name)}").fetchall()[0][0]
