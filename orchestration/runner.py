"""Running the nightly job in-process: the code path `crm-segments run` shares with the schedule."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import dagster as dg
import polars as pl
from dagster._core.storage.defs_state.base import set_defs_state_storage

from orchestration.jobs import CLV_OP, DBT_OPS, partition_range_tags
from orchestration.landing.audit import read_load_audit
from orchestration.landing.layout import landed_dates
from orchestration.marts import Engine
from orchestration.partitions import export_dates
from orchestration.paths import SAMPLE_LANDING_DIR
from orchestration.project import prepare_manifest
from orchestration.resources import WarehouseResource


@dataclass
class RunReport:
    success: bool
    dates: list[dt.date]
    as_of_date: dt.date
    loads: pl.DataFrame
    models_built: int = 0
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    checks_warned: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)
    """How long each succeeded step of the run took (ingest assets, dbt steps, CLV, report, publish)."""
    model_seconds: dict[str, float] = field(default_factory=dict)
    """How long dbt took for each model or seed (by asset key) ..."""
    check_seconds: dict[str, float] = field(default_factory=dict)
    """... and for each data test (by asset key and check name)."""


class RunError(Exception):
    """The run cannot start (no landing folder, unknown date)."""


def ensure_sample_landing(landing_dir: Path) -> None:
    """The bundled sample is generated on first use (deterministic, so every machine gets the same files)."""
    from orchestration.sample_data import generate_sample

    if landing_dir.resolve() == SAMPLE_LANDING_DIR.resolve() and not landed_dates(landing_dir):
        generate_sample(landing_dir)


def _instance() -> dg.DagsterInstance:
    """The instance `dagster dev` uses when DAGSTER_HOME is set (runs show up there), else a throwaway one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _failure_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE and event.step_failure_data:
            error = event.step_failure_data.error
            user_message = event.step_failure_data.user_failure_data
            description = user_message.description if user_message and user_message.description else None
            messages.append(
                f"{event.step_key}: {description or (error.message if error else 'failed')}".strip()
            )
    return messages


def _run_config(as_of: dt.date, full_refresh: bool, variables: dict[str, str]) -> dict:
    """Every step of the run sees the same as-of date; the dbt steps also get the extra vars."""
    build = {"as_of_date": as_of.isoformat(), "full_refresh": full_refresh, "variables": variables}
    ops = {name: {"config": build} for name in DBT_OPS}
    ops[CLV_OP] = {"config": {"as_of_date": as_of.isoformat()}}
    return {"ops": ops}


def run_nightly(
    landing_dir: Path,
    warehouse_path: Path,
    date: dt.date | None = None,
    as_of_date: dt.date | None = None,
    log: TextIO | None = None,
    full_refresh: bool = False,
    variables: dict[str, str] | None = None,
    dbt_target: Engine = "duckdb",
) -> RunReport:
    """Ingest the landed days (or one day) and build the warehouse; Dagster and dbt output go to `log`."""
    started = time.monotonic()
    ensure_sample_landing(landing_dir)
    available = landed_dates(landing_dir)
    if not available:
        raise RunError(f"no landing folders (YYYY-MM-DD) in {landing_dir}")
    if date is not None and date not in available:
        raise RunError(f"no landing folder {landing_dir / date.isoformat()}")
    dates = [date] if date else available
    as_of = as_of_date or available[-1]

    prepare_manifest()
    from orchestration.definitions import build_definitions  # reads the manifest just prepared

    warehouse = WarehouseResource(
        landing_dir=str(landing_dir), warehouse_path=str(warehouse_path), dbt_target=dbt_target
    )
    keys = [day.isoformat() for day in dates]
    # Definitions resolve against the current instance, so everything happens inside its context. Objects
    # left over from earlier Dagster contexts in this process (tests, notebooks) are collected first: their
    # finalizers can reset Dagster's context variables to an instance that no longer exists.
    gc.collect()
    with _instance() as instance, set_defs_state_storage(instance.defs_state_storage):
        job = build_definitions(warehouse).resolve_job_def("nightly")
        known = set(instance.get_dynamic_partitions(export_dates.name))
        instance.add_dynamic_partitions(export_dates.name, [key for key in keys if key not in known])
        if date is None:
            ordered = instance.get_dynamic_partitions(export_dates.name)
            first, last = ordered[0], ordered[-1]
        else:
            first = last = keys[0]
        quiet = (contextlib.redirect_stdout(log), contextlib.redirect_stderr(log)) if log else ()
        with contextlib.ExitStack() as output:
            for redirect in quiet:
                output.enter_context(redirect)
            result = job.execute_in_process(
                instance=instance,
                tags=partition_range_tags(first, last),
                run_config=_run_config(as_of, full_refresh, variables or {}),
                raise_on_error=False,
            )
        return _report(result, dates, as_of, warehouse, started)


def _dbt_seconds(metadata: Mapping[str, dg.MetadataValue]) -> float:
    """The node's execution time as dagster-dbt records it (0 when absent)."""
    duration = metadata.get("Execution Duration")
    return float(duration.value) if duration is not None else 0.0


def _report(
    result: dg.ExecuteInProcessResult,
    dates: list[dt.date],
    as_of: dt.date,
    warehouse: WarehouseResource,
    started: float,
) -> RunReport:
    report = RunReport(
        success=result.success,
        dates=dates,
        as_of_date=as_of,
        loads=read_load_audit(warehouse.raw, dates),
        errors=_failure_messages(result),
    )
    for event in result.get_asset_materialization_events():
        key = event.asset_key
        if key and key.path[0] not in ("raw", "reports", "serving"):
            report.models_built += 1
            materialization = event.step_materialization_data.materialization
            report.model_seconds[key.to_user_string()] = _dbt_seconds(materialization.metadata)
    for evaluation in result.get_asset_check_evaluations():
        name = f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name}"
        report.check_seconds[name] = _dbt_seconds(evaluation.metadata)
        if evaluation.passed:
            report.checks_passed += 1
        elif evaluation.severity == dg.AssetCheckSeverity.WARN:
            report.checks_warned.append(name)
        else:
            report.checks_failed.append(name)
    for event in result.get_step_success_events():
        if event.step_key and event.event_specific_data:
            report.step_seconds[event.step_key] = event.event_specific_data.duration_ms / 1000
    report.seconds = time.monotonic() - started
    return report


def format_report(report: RunReport, warehouse_path: Path) -> str:
    loads = (
        report.loads.filter(pl.col("status") == "loaded")
        .group_by("export")
        .agg(pl.len().alias("files"), pl.col("rows_in", "rows_loaded", "rows_rejected").sum())
        .sort("export")
    )
    span = f"{report.dates[0]} .. {report.dates[-1]}" if len(report.dates) > 1 else str(report.dates[0])
    lines = [
        f"crm-segments nightly run: {'succeeded' if report.success else 'FAILED'} in {report.seconds:.1f} s",
        f"export days: {span} ({len(report.dates)}), as-of date {report.as_of_date}",
        "",
        f"{'export':<18}{'files':>7}{'rows in':>11}{'loaded':>11}{'rejected':>10}",
    ]
    for row in loads.iter_rows(named=True):
        lines.append(
            f"{row['export']:<18}{row['files']:>7}{row['rows_in']:>11}{row['rows_loaded']:>11}{row['rows_rejected']:>10}"
        )
    lines += [
        f"{'total':<18}{int(loads['files'].sum()):>7}{int(loads['rows_in'].sum()):>11}"
        f"{int(loads['rows_loaded'].sum()):>11}{int(loads['rows_rejected'].sum()):>10}",
        "",
        f"models built: {report.models_built}; checks passed: {report.checks_passed}, "
        f"warned: {len(report.checks_warned)}, failed: {len(report.checks_failed)}",
    ]
    lines += [f"  warning: {name}" for name in report.checks_warned]
    lines += [f"  failed: {name}" for name in report.checks_failed]
    lines += [f"  error: {message}" for message in report.errors]
    lines.append(f"warehouse: {warehouse_path}")
    serving = warehouse_path.parent / "serving"
    if report.success and serving.is_dir():
        lines.append(f"serving files for BI (read-only): {serving}/crm.duckdb, {serving}/crm_no_pii.duckdb")
    return "\n".join(lines)
