"""bench/changed_rows.py counts the people a night changed in each contact-grain table."""

from pathlib import Path

import duckdb

from bench.changed_rows import compare, render


def _warehouse(path: Path, statements: list[str]) -> Path:
    connection = duckdb.connect(str(path))
    connection.execute("create schema intermediate; create schema marts; create schema staging")
    for statement in statements:
        connection.execute(statement)
    connection.close()
    return path


def test_people_are_counted_as_added_removed_or_changed_and_stamps_do_not_count(tmp_path: Path) -> None:
    before = _warehouse(
        tmp_path / "before.duckdb",
        [
            "create table marts.dim_contacts as select * from (values "
            "('a', 'x', 1, date '2026-10-30', timestamp '2026-10-30 01:00'), "
            "('b', 'y', 2, date '2026-10-30', timestamp '2026-10-30 01:00'), "
            "('c', 'z', 3, date '2026-10-30', timestamp '2026-10-30 01:00')"
            ") as t (contact_id, persona, score, as_of_date, _built_at)",
            # Several rows per person: b loses a row, c gains one that is already there (multiset).
            "create table intermediate.int_contacts_interests as select * from (values "
            "('a', 'crm'), ('b', 'crm'), ('b', 'bi'), ('c', 'crm'), (null, 'orphan')"
            ") as t (contact_id, topic)",
            "create table marts.rpt_totals as select 1 as total",
            "create table staging.stg_contacts as select 'a' as contact_id",
            "create table intermediate.int_contacts_interests__held_keys as select 'a' as contact_id",
        ],
    )
    after = _warehouse(
        tmp_path / "after.duckdb",
        [
            # a: only stamps and the as-of date move; b: score changes; c: gone; d: new.
            "create table marts.dim_contacts as select * from (values "
            "('a', 'x', 1, date '2026-10-31', timestamp '2026-10-31 01:00'), "
            "('b', 'y', 5, date '2026-10-31', timestamp '2026-10-31 01:00'), "
            "('d', 'w', 4, date '2026-10-31', timestamp '2026-10-31 01:00')"
            ") as t (contact_id, persona, score, as_of_date, _built_at)",
            "create table intermediate.int_contacts_interests as select * from (values "
            "('a', 'crm'), ('b', 'crm'), ('c', 'crm'), ('c', 'crm'), (null, 'orphan')"
            ") as t (contact_id, topic)",
            "create table marts.rpt_totals as select 2 as total",
            "create table staging.stg_contacts as select 'b' as contact_id",
            "create table intermediate.int_contacts_interests__held_keys as select 'b' as contact_id",
        ],
    )

    tables, by_column = compare(before, after, "dim_contacts")

    counts = {t.table: (t.people, t.added, t.removed, t.changed, t.compared_columns) for t in tables}
    assert counts == {
        # people after: a, b, d; d added, c removed, b changed (a's stamps and as-of date do not count)
        "marts.dim_contacts": (3, 1, 1, 1, 3),
        # people after: a, b, c (the unattributed rows are no one); b and c changed
        "intermediate.int_contacts_interests": (3, 0, 0, 2, 2),
    }
    # a and b are in both builds: only b's score changed (their stamps and as-of date are left out).
    assert by_column == [("score", 1)]
    text = render(before, after, tables, by_column, "dim_contacts")
    assert "| marts.dim_contacts | 3 | 1 | 1 | 1 | 33.3 | yes |" in text
    assert "| score | 1 |" in text
    noted = render(before, after, tables, by_column, "dim_contacts", "Both built by one commit.")
    assert "as-of dates).\n\nBoth built by one commit.\n\n| table |" in noted
