import datetime as dt
from pathlib import Path

import dagster as dg

from orchestration.partitions import export_dates
from orchestration.resources import WarehouseResource
from orchestration.schedules import landing_folder_sensor, nightly_schedule


def make_landing(root: Path, days: list[str]) -> None:
    for day in days:
        (root / day).mkdir(parents=True)
        (root / day / "owners.csv").write_text("owner_id,name,email,team\n1,A,a@x.com,SMB\n")


def test_sensor_requests_one_run_for_new_landing_folders(tmp_path: Path) -> None:
    make_landing(tmp_path, ["2026-09-01", "2026-09-02", "not-a-date"])
    warehouse = WarehouseResource(landing_dir=str(tmp_path), warehouse_path=str(tmp_path / "w.duckdb"))
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources={"warehouse": warehouse}) as context:
            result = landing_folder_sensor(context)
        assert [request.partition_keys for request in result.dynamic_partitions_requests] == [
            ["2026-09-01", "2026-09-02"]
        ]
        (run,) = result.run_requests
        assert run.tags["dagster/asset_partition_range_start"] == "2026-09-01"
        assert run.tags["dagster/asset_partition_range_end"] == "2026-09-02"

        instance.add_dynamic_partitions(export_dates.name, ["2026-09-01", "2026-09-02"])
        with dg.build_sensor_context(instance=instance, resources={"warehouse": warehouse}) as context:
            again = landing_folder_sensor(context)
        assert not again.run_requests


def test_nightly_schedule_runs_the_latest_day_and_any_missed(tmp_path: Path) -> None:
    make_landing(tmp_path, ["2026-09-01", "2026-09-02", "2026-09-03"])
    warehouse = WarehouseResource(landing_dir=str(tmp_path), warehouse_path=str(tmp_path / "w.duckdb"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(export_dates.name, ["2026-09-01"])
        with dg.build_schedule_context(
            instance=instance,
            resources={"warehouse": warehouse},
            scheduled_execution_time=dt.datetime(2026, 9, 4, 2),
        ) as context:
            request = nightly_schedule(context)
        assert request.tags["dagster/asset_partition_range_start"] == "2026-09-02"
        assert request.tags["dagster/asset_partition_range_end"] == "2026-09-03"
        assert instance.get_dynamic_partitions(export_dates.name) == [
            "2026-09-01",
            "2026-09-02",
            "2026-09-03",
        ]
