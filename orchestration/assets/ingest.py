"""One ingest asset per export of the landing contract: landing CSV -> raw Parquet partition."""

import datetime as dt
import os
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import dagster as dg
import polars as pl

from orchestration.landing import layout
from orchestration.landing.audit import markdown_table, read_load_audit, stale_landing_files
from orchestration.landing.contract import ExportSpec, load_contract
from orchestration.landing.errors import LandingFileError
from orchestration.landing.load import LoadResult, load_export_day
from orchestration.partitions import export_dates
from orchestration.paths import MODELS_DIR
from orchestration.resources import WarehouseResource
from orchestration.vendors.load import day_vendor_tables, load_vendor_exports

RECONCILES = "rows_reconcile"
VENDOR_FILES_KEY = dg.AssetKey(["raw", "vendor_files"])
# Days of one export loaded at once in a multi-day run (each holds its file in memory a few times over).
INGEST_THREADS = min(4, os.cpu_count() or 1)


def _vendor_files_asset() -> dg.AssetsDefinition:
    @dg.asset(
        key=VENDOR_FILES_KEY,
        group_name="ingest",
        partitions_def=export_dates,
        backfill_policy=dg.BackfillPolicy.single_run(),
        kinds={"polars"},
        description=(
            "The vendor exports (HubSpot, Mailchimp, ...; see vendor_formats/) in the run's landing folders "
            "and the format each was recognized as. A file that matches no format fails the day here, before "
            "anything is loaded."
        ),
    )
    def vendor_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        recognized: list[str] = []
        failures: list[str] = []
        for key in context.partition_keys:
            try:
                tables = day_vendor_tables(warehouse.landing, dt.date.fromisoformat(key))
            except LandingFileError as error:
                failures.append(str(error))
                continue
            recognized += [
                f"- {table.records.file.display_name}: {table.vendor_format.name} "
                f"({table.records.rows_in} rows)"
                for table in tables
            ]
        if failures:
            raise dg.Failure(
                description=f"{len(failures)} landing file(s) could not be recognized:\n"
                + "\n".join(failures)
            )
        return dg.MaterializeResult(
            metadata={
                "vendor_files": len(recognized),
                "files": dg.MetadataValue.md("\n".join(recognized) or "none"),
            }
        )

    return vendor_files


def _partition_row_count(path: str) -> int:
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def _reconciliation(results: list[LoadResult], warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Rows in = rows loaded + rows rejected, and the Parquet partitions hold exactly those rows."""
    problems = []
    for result in results:
        if result.rows_in != result.rows_loaded + result.rows_rejected:
            problems.append(
                f"{result.source_file}: {result.rows_in} in, "
                f"{result.rows_loaded} loaded + {result.rows_rejected} rejected"
            )
        if result.status != "loaded":
            continue
        loaded_path = layout.loaded_partition(warehouse.raw, result.export, result.export_date, result.part)
        loaded = _partition_row_count(str(loaded_path)) if loaded_path.exists() else 0
        rejects_path = layout.rejects_partition(warehouse.raw, result.export, result.export_date, result.part)
        rejected = _partition_row_count(str(rejects_path)) if rejects_path.exists() else 0
        if (loaded, rejected) != (result.rows_loaded, result.rows_rejected):
            problems.append(f"{result.source_file}: Parquet holds {loaded} loaded / {rejected} rejected rows")
    return dg.AssetCheckResult(
        check_name=RECONCILES,
        passed=not problems,
        metadata={"partitions_checked": len(results), "problems": "\n".join(problems) or "none"},
    )


def _summary_metadata(results: list[LoadResult]) -> dict[str, dg.MetadataValue | int | str]:
    loaded = [result for result in results if result.status == "loaded"]
    reasons: dict[str, int] = {}
    for result in loaded:
        for reason, count in result.reject_reasons:
            reasons[reason] = reasons.get(reason, 0) + count
    top = sorted(reasons.items(), key=lambda item: -item[1])[:10]
    return {
        "days": len(results),
        "files": len(loaded),
        "rows_in": sum(result.rows_in for result in loaded),
        "rows_loaded": sum(result.rows_loaded for result in loaded),
        "rows_rejected": sum(result.rows_rejected for result in loaded),
        "top_reject_reasons": dg.MetadataValue.md(
            "\n".join(f"- {count}: {reason}" for reason, count in top) or "none"
        ),
    }


def _load_day(spec: ExportSpec, warehouse: WarehouseResource, key: str) -> list[LoadResult] | str:
    """The day's loads of one export (its CSV and vendor files), or why the day could not be loaded."""
    day = dt.date.fromisoformat(key)
    try:
        return [
            load_export_day(spec, warehouse.landing, warehouse.raw, day),
            *load_vendor_exports(spec, warehouse.landing, warehouse.raw, day),
        ]
    except LandingFileError as error:
        return str(error)


def build_ingest_asset(spec: ExportSpec) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", spec.name]),
        group_name="ingest",
        partitions_def=export_dates,
        backfill_policy=dg.BackfillPolicy.single_run(),
        kinds={"polars", "parquet"},
        deps=[VENDOR_FILES_KEY],
        description=(
            f"Landing `<date>/{spec.name}.csv` and the day's vendor files mapped onto {spec.name}, validated "
            f"against the contract and written to the raw Parquet partition; bad rows go to "
            f"`raw.{spec.name}_rejects` with a reason."
        ),
        check_specs=[dg.AssetCheckSpec(RECONCILES, asset=dg.AssetKey(["raw", spec.name]))],
    )
    def ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[object]:
        results: list[LoadResult] = []
        failures: list[str] = []
        # Days are independent partitions; most of a day's work is in polars, which releases the GIL.
        with ThreadPoolExecutor(max_workers=INGEST_THREADS) as pool:
            outcomes = list(pool.map(partial(_load_day, spec, warehouse), context.partition_keys))
        for day_results in outcomes:
            if isinstance(day_results, str):
                failures.append(day_results)
                continue
            results.extend(day_results)
            for result in day_results:
                if result.rows_rejected:
                    context.log.warning(f"{result.source_file}: {result.rows_rejected} rows quarantined")
        if failures:
            raise dg.Failure(
                description=f"{len(failures)} {spec.name} file(s) could not be loaded:\n"
                + "\n".join(failures),
                metadata={"failed_files": len(failures)},
            )
        yield dg.MaterializeResult(metadata=_summary_metadata(results))
        yield _reconciliation(results, warehouse)

    return ingest


with warnings.catch_warnings():
    # A single run over a range of days is what makes a multi-day catch-up one step per export.
    warnings.simplefilter("ignore", dg.BetaWarning)
    ingest_assets = [
        _vendor_files_asset(),
        *[build_ingest_asset(spec) for spec in load_contract(MODELS_DIR).values()],
    ]


@dg.asset(
    key=dg.AssetKey(["raw", layout.LOAD_AUDIT]),
    group_name="ingest",
    deps=[asset.key for asset in ingest_assets],
    kinds={"polars", "parquet"},
    description="What every ingest run recorded per export and day: file fingerprint and row counts.",
    check_specs=[
        dg.AssetCheckSpec("landing_files_all_loaded", asset=dg.AssetKey(["raw", layout.LOAD_AUDIT]))
    ],
)
def load_audit(warehouse: WarehouseResource) -> Iterator[object]:
    audit = read_load_audit(warehouse.raw)
    totals = (
        audit.filter(pl.col("status") == "loaded")
        .group_by("export")
        .agg(pl.len().alias("files"), pl.col("rows_in", "rows_loaded", "rows_rejected").sum())
        .sort("export")
    )
    yield dg.MaterializeResult(
        metadata={
            "days": audit["export_date"].n_unique(),
            "rows_loaded": int(totals["rows_loaded"].sum()),
            "rows_rejected": int(totals["rows_rejected"].sum()),
            "per_export": dg.MetadataValue.md(markdown_table(totals)),
        }
    )
    stale = stale_landing_files(warehouse.landing, audit)
    yield dg.AssetCheckResult(
        check_name="landing_files_all_loaded",
        passed=not stale,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"not_loaded_or_changed_since": "\n".join(stale) or "none"},
    )
