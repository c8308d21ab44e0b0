"""Serving files for BI: published atomically, readable during a publish, intact after a killed publish, and
a PII-free copy without emails, names or phones."""

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse, query, table_checksums

from orchestration.marts import MartsLocation
from orchestration.project import dbt_project
from orchestration.serving import Published, pii_columns, publish, publish_with_and_without_pii
from orchestration.serving_catch_up import serving_keys

pytestmark = pytest.mark.e2e

COUNT_SQL = "select count(*) from marts.dim_contacts"
READER = """
import sys, duckdb, pathlib
target, stop, out = sys.argv[1:4]
with open(out, "w") as results:
    while not pathlib.Path(stop).exists():
        try:
            with duckdb.connect(target, read_only=True) as connection:
                count = connection.sql("select count(*) from marts.dim_contacts").fetchall()[0][0]
            results.write(f"{count}\\n")
        except Exception as error:
            results.write(f"error {error!r}\\n")
"""
PUBLISH_FOREVER = """
import sys, pathlib
from orchestration.marts import MartsLocation
from orchestration.serving import publish
while True:
    publish(MartsLocation("duckdb", pathlib.Path(sys.argv[1])), pathlib.Path(sys.argv[2]))
"""


def _layout(path: Path) -> list[tuple]:
    """Every serving table's comment, and its columns with their types and comments, in order."""
    return query(
        path,
        "select t.table_name, t.comment, c.column_index, c.column_name, c.data_type, c.comment"
        " from duckdb_tables() as t inner join duckdb_columns() as c"
        " on t.database_name = c.database_name and t.schema_name = c.schema_name"
        " and t.table_name = c.table_name"
        " where t.schema_name = 'marts' order by t.table_name, c.column_index",
    )


def _duckdb_build(path: Path) -> MartsLocation:
    return MartsLocation("duckdb", path)


def _count(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.sql(COUNT_SQL).fetchall()[0][0]


@pytest.fixture
def two_versions(built_warehouse: BuiltWarehouse, tmp_path: Path) -> tuple[Path, Path, int]:
    """The built marts, and a copy with ten fewer people: a 'next night' to publish over the first."""
    changed = tmp_path / "changed.duckdb"
    shutil.copy(built_warehouse.warehouse, changed)
    with duckdb.connect(str(changed)) as connection:
        connection.execute(
            "delete from marts.dim_contacts where contact_id in"
            " (select contact_id from marts.dim_contacts order by contact_id limit 10)"
        )
    return built_warehouse.warehouse, changed, _count(built_warehouse.warehouse)


def test_the_nightly_job_publishes_both_serving_files(built_warehouse: BuiltWarehouse) -> None:
    serving = built_warehouse.warehouse.parent / "serving"
    marts = {
        row[0]
        for row in built_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    pii = pii_columns(dbt_project.manifest_path)
    assert pii["dim_contacts"] >= {"email", "first_name", "last_name", "phone"}
    for name, hidden in (("crm.duckdb", set()), ("crm_no_pii.duckdb", pii["dim_contacts"])):
        with duckdb.connect(str(serving / name), read_only=True) as connection:
            tables = {
                row[0]
                for row in connection.sql(
                    "select table_name from information_schema.tables where table_schema = 'marts'"
                ).fetchall()
            }
            columns = {
                row[0]
                for row in connection.sql(
                    "select column_name from information_schema.columns where table_name = 'dim_contacts'"
                ).fetchall()
            }
            rows = connection.sql(COUNT_SQL).fetchall()[0][0]
        assert tables == marts
        assert rows == _count(built_warehouse.warehouse)
        assert not (hidden & columns)
        assert "contact_id" in columns and ("email" in columns) == (not hidden)


def test_both_files_at_once_equal_two_separate_publishes(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    source, pii = _duckdb_build(built_warehouse.warehouse), pii_columns(dbt_project.manifest_path)
    full, without_pii = publish_with_and_without_pii(
        source, tmp_path / "pair" / "crm.duckdb", tmp_path / "pair" / "crm_no_pii.duckdb", pii
    )
    alone_full = publish(source, tmp_path / "alone" / "crm.duckdb")
    alone_without_pii = publish(source, tmp_path / "alone" / "crm_no_pii.duckdb", pii)
    assert (full.tables, full.rows, full.dropped_columns) == (alone_full.tables, alone_full.rows, ())
    assert without_pii.dropped_columns == alone_without_pii.dropped_columns
    assert "dim_contacts.email" in without_pii.dropped_columns
    for paired, alone in ((full, alone_full), (without_pii, alone_without_pii)):
        assert _layout(paired.path) == _layout(alone.path)
        assert table_checksums(paired.path, "marts") == table_checksums(alone.path, "marts")
    assert _layout(full.path) != _layout(without_pii.path)
    assert sorted(path.name for path in (tmp_path / "pair").iterdir()) == ["crm.duckdb", "crm_no_pii.duckdb"]


def test_readers_see_the_old_or_the_new_file_never_an_error(
    two_versions: tuple[Path, Path, int], tmp_path: Path
) -> None:
    original, changed, count = two_versions
    target, stop, out = tmp_path / "serving" / "crm.duckdb", tmp_path / "stop", tmp_path / "reads.txt"
    publish(_duckdb_build(original), target)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(target), str(stop), str(out)])
    try:
        time.sleep(1.0)
        for source in (changed, original, changed, original, changed):
            publish(_duckdb_build(source), target)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    reads = out.read_text().split()
    assert reads and not [read for read in reads if read.startswith("error")]
    assert set(reads) <= {str(count), str(count - 10)}
    assert _count(target) == count - 10


def test_a_killed_publish_leaves_a_whole_serving_file(
    two_versions: tuple[Path, Path, int], tmp_path: Path
) -> None:
    original, changed, count = two_versions
    target = tmp_path / "serving" / "crm.duckdb"
    publish(_duckdb_build(original), target)
    rng = random.Random(7)
    for _ in range(3):
        publisher = subprocess.Popen([sys.executable, "-c", PUBLISH_FOREVER, str(changed), str(target)])
        time.sleep(rng.uniform(0.3, 2.0))
        publisher.send_signal(signal.SIGKILL)
        publisher.wait()
        assert _count(target) in (count, count - 10)
    publish(_duckdb_build(original), target)
    assert _count(target) == count
    assert [path.name for path in target.parent.iterdir()] == ["crm.duckdb"]


def _next_night(built: Path, tmp_path: Path, name: str) -> Path:
    """A copy of the build as the next night leaves it: 40 events attributed again, 30 new, 20 gone; the
    segments of 5 people changed (all their rows written again), 1 person new and 3 gone."""
    changed = tmp_path / name
    shutil.copy(built, changed)
    with duckdb.connect(str(changed)) as connection:
        events = "intermediate.int_email_events_attributed"
        (stamp,) = connection.sql(f"select max(_built_at) + interval 1 day from {events}").fetchall()[0]
        connection.execute(
            f"update {events} set contact_id = null, _built_at = ? where event_id in"
            f" (select event_id from {events} where contact_id is not null order by event_id limit 40)",
            [stamp],
        )
        connection.execute(
            f"insert into {events} select * replace (event_id || '-next' as event_id, ? as _built_at)"
            f" from {events} order by event_id desc limit 30",
            [stamp],
        )
        connection.execute(
            f"delete from {events} where event_id in"
            f" (select event_id from {events} where _built_at < ? order by event_id desc limit 20)",
            [stamp],
        )
        segments = "intermediate.int_contact_segments_assigned"
        people = [
            row[0]
            for row in connection.sql(f"select distinct contact_id from {segments} order by 1").fetchall()
        ]
        changed_people, gone_people, template = people[:5], people[5:8], people[-1]
        connection.execute(
            f"update {segments} set segment = segment || ' (next)', _built_at = ?"
            " where contact_id in (select unnest(?::varchar[]))",
            [stamp, changed_people],
        )
        connection.execute(
            f"insert into {segments} select * replace (contact_id || '-next' as contact_id, ? as _built_at)"
            f" from {segments} where contact_id = ?",
            [stamp, template],
        )
        connection.execute(
            f"delete from {segments} where contact_id in (select unnest(?::varchar[]))", [gone_people]
        )
    return changed


def _publish_pair(build: Path, folder: Path) -> tuple[Published, Published]:
    manifest = dbt_project.manifest_path
    return publish_with_and_without_pii(
        _duckdb_build(build),
        folder / "crm.duckdb",
        folder / "crm_no_pii.duckdb",
        pii_columns(manifest),
        serving_keys(manifest),
    )


def _assert_equal_to_fresh_publishes(pair: tuple[Published, Published], build: Path, folder: Path) -> None:
    fresh_full = publish(_duckdb_build(build), folder / "crm.duckdb")
    fresh_without_pii = publish(
        _duckdb_build(build), folder / "crm_no_pii.duckdb", pii_columns(dbt_project.manifest_path)
    )
    for published, fresh in zip(pair, (fresh_full, fresh_without_pii), strict=True):
        assert (published.tables, published.rows) == (fresh.tables, fresh.rows)
        assert _layout(published.path) == _layout(fresh.path)
        # Every value, the rows' stamps included.
        assert table_checksums(published.path, "marts", ignored=()) == table_checksums(
            fresh.path, "marts", ignored=()
        )


def test_a_night_catches_up_last_nights_events_and_equals_a_fresh_publish(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    assert serving_keys(dbt_project.manifest_path) == {
        "contact_segments": "contact_id",
        "fct_email_events": "event_id",
    }
    first = _publish_pair(built_warehouse.warehouse, tmp_path / "serving")
    assert [published.caught_up for published in first] == [(), ()]
    next_night = _next_night(built_warehouse.warehouse, tmp_path, "next.duckdb")
    pair = _publish_pair(next_night, tmp_path / "serving")
    caught_up = ("contact_segments", "fct_email_events")
    assert [published.caught_up for published in pair] == [caught_up, caught_up]
    _assert_equal_to_fresh_publishes(pair, next_night, tmp_path / "fresh")
    assert sorted(path.name for path in (tmp_path / "serving").iterdir()) == [
        "crm.duckdb",
        "crm_no_pii.duckdb",
    ]


def test_a_changed_mart_definition_or_an_older_build_is_published_whole(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    next_night = _next_night(built_warehouse.warehouse, tmp_path, "next.duckdb")
    _publish_pair(next_night, tmp_path / "serving")
    # An older build than last night's (a warehouse restored from a backup): its rows do not add up.
    older = _publish_pair(built_warehouse.warehouse, tmp_path / "serving")
    assert [published.caught_up for published in older] == [(), ()]
    _assert_equal_to_fresh_publishes(older, built_warehouse.warehouse, tmp_path / "fresh_older")
    with duckdb.connect(str(next_night)) as connection:
        (definition,) = connection.sql(
            "select sql from duckdb_views() where view_name = 'fct_email_events'"
        ).fetchall()[0]
        assert "url_page AS clicked_page" in definition
        connection.execute(
            definition.replace("CREATE VIEW", "CREATE OR REPLACE VIEW").replace(
                "url_page AS clicked_page", "upper(url_page) AS clicked_page"
            )
        )
    _publish_pair(built_warehouse.warehouse, tmp_path / "serving")
    redefined = _publish_pair(next_night, tmp_path / "serving")
    # Only the redefined mart is copied whole.
    assert [published.caught_up for published in redefined] == [("contact_segments",), ("contact_segments",)]
    _assert_equal_to_fresh_publishes(redefined, next_night, tmp_path / "fresh_redefined")


def test_a_damaged_file_from_last_night_is_not_caught_up_but_replaced(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "serving"
    folder.mkdir()
    (folder / "crm_no_pii.duckdb").write_bytes(b"not a DuckDB file")
    pair = _publish_pair(built_warehouse.warehouse, folder)
    assert [published.caught_up for published in pair] == [(), ()]
    _assert_equal_to_fresh_publishes(pair, built_warehouse.warehouse, tmp_path / "fresh")
