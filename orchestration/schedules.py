"""The nightly schedule and the sensor that notices new landing folders."""

import dagster as dg

from orchestration.jobs import nightly_job, partition_range_tags
from orchestration.landing.layout import landed_dates
from orchestration.partitions import export_dates
from orchestration.resources import WarehouseResource


def _new_dates(
    context: dg.SensorEvaluationContext | dg.ScheduleEvaluationContext, warehouse: WarehouseResource
) -> list[str]:
    known = set(context.instance.get_dynamic_partitions(export_dates.name))
    return [day.isoformat() for day in landed_dates(warehouse.landing) if day.isoformat() not in known]


@dg.sensor(job=nightly_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def landing_folder_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SensorResult:
    """One run per batch of new landing folders: ingest those days, then rebuild the models."""
    new = _new_dates(context, warehouse)
    if not new:
        return dg.SensorResult(skip_reason="no new landing folder")
    run = dg.RunRequest(run_key=f"landing:{new[0]}..{new[-1]}", tags=partition_range_tags(new[0], new[-1]))
    return dg.SensorResult(
        run_requests=[run], dynamic_partitions_requests=[export_dates.build_add_request(new)]
    )


@dg.schedule(job=nightly_job, cron_schedule="0 2 * * *", execution_timezone="UTC")
def nightly_schedule(
    context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource
) -> dg.RunRequest | dg.SkipReason:
    """Every night: ingest the latest landing folder (and any missed ones) and rebuild the models."""
    new = _new_dates(context, warehouse)
    if new:
        context.instance.add_dynamic_partitions(export_dates.name, new)
    dates = landed_dates(warehouse.landing)
    if not dates:
        return dg.SkipReason(f"no landing folders in {warehouse.landing}")
    first = new[0] if new else dates[-1].isoformat()
    return dg.RunRequest(tags=partition_range_tags(first, dates[-1].isoformat()))
