"""How many people a night changes in each contact-grain table: compares two builds of one warehouse.

    .venv/bin/python bench/changed_rows.py BEFORE.duckdb AFTER.duckdb [--columns dim_contacts] [--out FILE]

BEFORE is a copy of the warehouse taken before a night, AFTER the same warehouse after it. For every table in
the intermediate and marts schemas with a `contact_id` column, a person counts as changed when the multiset of
their rows differs (a sum of row hashes per person, so the number of rows per person counts too), leaving out
the stamps (build, load and fit times, as-of dates). Rows without a person (unattributed events) are left
out. `--columns` breaks one table down by column: how many people's value of each column changed. This sizes
what a model that rewrote only the people a night changed would write.
"""

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.marts import literal, quote

SCHEMAS = ("intermediate", "marts")
KEY = "contact_id"
# Columns that record when something ran or for which as-of date, not what it computed: they change on a
# rebuild without any person changing.
IGNORED = frozenset({"_built_at", "_loaded_at", "loaded_at", "fitted_at", "_as_of_date", "as_of_date"})


@dataclass(frozen=True)
class TableChanges:
    table: str
    people: int
    added: int
    removed: int
    changed: int
    compared_columns: int
    same_columns: bool

    @property
    def changed_share(self) -> float:
        return self.changed / self.people if self.people else 0.0


def _columns(connection: duckdb.DuckDBPyConnection, database: str, table: str) -> list[str]:
    schema, name = table.split(".")
    return [
        row[0]
        for row in connection.execute(
            "select column_name from duckdb_columns() "
            "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
            [database, schema, name],
        ).fetchall()
    ]


def _keyed_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables both builds hold with a contact_id column, the models' helper tables (`<model>__*`) left out."""
    rows = connection.execute(
        "select schema_name || '.' || table_name from duckdb_columns() "
        "where database_name in ('before', 'after') and column_name = ? and list_contains(?, schema_name) "
        "and not contains(table_name, '__') "
        "group by all having count(distinct database_name) = 2 order by 1",
        [KEY, list(SCHEMAS)],
    ).fetchall()
    return [row[0] for row in rows]


def compare_table(connection: duckdb.DuckDBPyConnection, table: str) -> TableChanges:
    before = _columns(connection, "before", table)
    after = _columns(connection, "after", table)
    compared = [column for column in after if column in before and column not in IGNORED]
    row_hash = f"hash({', '.join(quote(column) for column in compared)})"
    added, removed, changed, people = connection.execute(
        f"""
        with
        before_people as (
            select {KEY}, sum({row_hash}) as rows_hash, count(*) as row_count
            from before.{table} where {KEY} is not null group by {KEY}
        ),
        after_people as (
            select {KEY}, sum({row_hash}) as rows_hash, count(*) as row_count
            from after.{table} where {KEY} is not null group by {KEY}
        )
        select
            count(*) filter (where before_people.{KEY} is null),
            count(*) filter (where after_people.{KEY} is null),
            count(*) filter (
                where before_people.rows_hash <> after_people.rows_hash
                or before_people.row_count <> after_people.row_count
            ),
            count(after_people.{KEY})
        from before_people
        full outer join after_people on before_people.{KEY} = after_people.{KEY}
        """
    ).fetchone()
    return TableChanges(table, people, added, removed, changed, len(compared), before == after)


def column_changes(connection: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int]]:
    """People whose value of each column but the stamps changed (a one-row-per-person table), most first."""
    before = set(_columns(connection, "before", table))
    columns = [
        column
        for column in _columns(connection, "after", table)
        if column in before and column != KEY and column not in IGNORED
    ]
    counts = connection.execute(
        "select "
        + ", ".join(
            f"count(*) filter (where before_rows.{quote(c)} is distinct from after_rows.{quote(c)})"
            for c in columns
        )
        + f" from before.{table} as before_rows inner join after.{table} as after_rows using ({KEY})"
    ).fetchone()
    return sorted(
        ((column, count) for column, count in zip(columns, counts, strict=True) if count),
        key=lambda pair: (-pair[1], pair[0]),
    )


def compare(
    before: Path, after: Path, columns_of: str | None = None
) -> tuple[list[TableChanges], list[tuple[str, int]]]:
    connection = duckdb.connect()
    connection.execute(f"attach {literal(str(before))} as before (read_only)")
    connection.execute(f"attach {literal(str(after))} as after (read_only)")
    tables = [compare_table(connection, table) for table in _keyed_tables(connection)]
    by_column: list[tuple[str, int]] = []
    if columns_of:
        matches = [table.table for table in tables if table.table.split(".")[1] == columns_of]
        if not matches:
            raise SystemExit(f"no contact-grain table named {columns_of} in both builds")
        by_column = column_changes(connection, matches[0])
    connection.close()
    return tables, by_column


def render(
    before: Path,
    after: Path,
    tables: list[TableChanges],
    by_column: list[tuple[str, int]],
    columns_of: str | None,
    note: str | None = None,
) -> str:
    lines = [
        "# People changed by a night",
        "",
        f"Compared on {dt.date.today().isoformat()}: before `{before}`, after `{after}`. A person is changed "
        "when their rows differ in any column but the stamps (build, load and fit times, as-of dates).",
        *(["", note] if note else []),
        "",
        "| table | people after | added | removed | changed | changed % | same columns |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for table in tables:
        lines.append(
            f"| {table.table} | {table.people:,} | {table.added:,} | {table.removed:,} | {table.changed:,} "
            f"| {100 * table.changed_share:.1f} | {'yes' if table.same_columns else 'no'} |"
        )
    if by_column:
        lines += ["", f"People whose value changed, by column of `{columns_of}`:", "", "| column | people |"]
        lines.append("|---|---:|")
        lines += [f"| {column} | {count:,} |" for column, count in by_column]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--columns", help="a one-row-per-person table to break down by column")
    parser.add_argument("--out", type=Path, help="write the markdown here (default: print it)")
    parser.add_argument("--note", help="a line on what the two builds are, under the heading")
    arguments = parser.parse_args()
    tables, by_column = compare(arguments.before, arguments.after, arguments.columns)
    text = render(arguments.before, arguments.after, tables, by_column, arguments.columns, arguments.note)
    if arguments.out:
        arguments.out.write_text(text)
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
