import datetime as dt
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from orchestration.assets import ingest
from orchestration.jobs import partition_range_tags
from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.partitions import export_dates
from orchestration.paths import MODELS_DIR
from orchestration.resources import WarehouseResource

CONTACTS = load_contract(MODELS_DIR)["contacts"]
HEADER = "contact_id,email,created_at,updated_at\n"


@pytest.mark.parametrize("threads", [1, 3])
def test_a_range_of_days_loads_every_readable_day_and_names_the_unreadable_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    monkeypatch.setattr(ingest, "INGEST_THREADS", threads)
    days = [dt.date(2026, 9, 1) + dt.timedelta(days=offset) for offset in range(5)]
    for number, day in enumerate(days, start=1):
        path = layout.landing_file(tmp_path / "landing", day, "contacts")
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = "".join(f"{number}{row},p{number}{row}@x.pl,2026-08-01,2026-08-01\n" for row in range(number))
        path.write_bytes((HEADER + rows).encode("utf-8"))
    for broken in (days[1], days[3]):
        layout.landing_file(tmp_path / "landing", broken, "contacts").write_bytes(
            HEADER.encode() + b"9,\xff\n"
        )
    warehouse = WarehouseResource(
        landing_dir=str(tmp_path / "landing"), warehouse_path=str(tmp_path / "w" / "crm.duckdb")
    )
    keys = [day.isoformat() for day in days]
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(export_dates.name, keys)
        result = dg.materialize(
            [ingest.build_ingest_asset(CONTACTS)],
            instance=instance,
            resources={"warehouse": warehouse},
            tags=partition_range_tags(keys[0], keys[-1]),
            raise_on_error=False,
        )
    assert not result.success
    failure = next(event for event in result.all_events if event.is_step_failure)
    description = failure.step_failure_data.user_failure_data.description
    assert description.startswith("2 contacts file(s) could not be loaded")
    # In the order of the days, whichever thread loaded them.
    assert description.index("2026-09-02/contacts.csv") < description.index("2026-09-04/contacts.csv")
    loaded = pl.read_parquet(warehouse.raw / "contacts" / "*" / "*.parquet", hive_partitioning=True)
    per_day = dict(loaded.group_by("_export_date").len().iter_rows())
    assert per_day == {days[0]: 1, days[2]: 3, days[4]: 5}
