"""Loading one export for one landing date into the raw layer, idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from orchestration.landing import layout
from orchestration.landing.contract import ExportSpec
from orchestration.landing.day_settings import read_day_settings
from orchestration.landing.reader import RawRecords, read_landing_file
from orchestration.landing.validation import validate

AUDIT_SCHEMA = {
    "export": pl.String,
    "export_date": pl.Date,
    "status": pl.String,
    "source_file": pl.String,
    "file_sha256": pl.String,
    "file_bytes": pl.Int64,
    "delimiter": pl.String,
    "source_format": pl.String,
    "rows_in": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_rejected": pl.Int64,
    "missing_columns": pl.String,
    "extra_columns": pl.String,
    "loaded_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class LoadResult:
    export: str
    export_date: dt.date
    status: Literal["loaded", "absent"]
    source_file: str | None = None
    file_sha256: str | None = None
    file_bytes: int = 0
    delimiter: str | None = None
    source_format: str = "canonical"
    part: str = layout.CANONICAL
    rows_in: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    missing_columns: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()
    reject_reasons: tuple[tuple[str, int], ...] = ()

    def audit_row(self, loaded_at: dt.datetime) -> pl.DataFrame:
        return pl.DataFrame(
            [
                {
                    "export": self.export,
                    "export_date": self.export_date,
                    "status": self.status,
                    "source_file": self.source_file,
                    "file_sha256": self.file_sha256,
                    "file_bytes": self.file_bytes,
                    "delimiter": self.delimiter,
                    "source_format": self.source_format,
                    "rows_in": self.rows_in,
                    "rows_loaded": self.rows_loaded,
                    "rows_rejected": self.rows_rejected,
                    "missing_columns": ",".join(self.missing_columns) or None,
                    "extra_columns": ",".join(self.extra_columns) or None,
                    "loaded_at": loaded_at,
                }
            ],
            schema=AUDIT_SCHEMA,
        )


def _top_reasons(rejected: pl.DataFrame, limit: int = 5) -> tuple[tuple[str, int], ...]:
    if rejected.is_empty():
        return ()
    # Reasons quote values; group by the part naming the column and the rule.
    kinds = rejected.select(pl.col("_reject_reason").str.replace(r"'[^']*'", "'…'").alias("reason"))
    counts = kinds.group_by("reason").len().sort(["len", "reason"], descending=[True, False]).head(limit)
    return tuple((row["reason"], row["len"]) for row in counts.iter_rows(named=True))


def load_export_day(
    spec: ExportSpec,
    landing_dir: Path,
    raw_dir: Path,
    export_date: dt.date,
    loaded_at: dt.datetime | None = None,
) -> LoadResult:
    """Replace the raw partitions of (export, export_date) with what the landing folder holds now.

    A file that cannot be read at all raises LandingFileError and leaves earlier partitions untouched.
    A day without the file clears any partition left by an earlier drop of that day.
    """
    loaded_at = loaded_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    path = layout.landing_file(landing_dir, export_date, spec.name)
    loaded_path = layout.loaded_partition(raw_dir, spec.name, export_date)
    rejects_path = layout.rejects_partition(raw_dir, spec.name, export_date)

    if not path.is_file():
        layout.remove_partition(loaded_path)
        layout.remove_partition(rejects_path)
        result = LoadResult(export=spec.name, export_date=export_date, status="absent")
        layout.write_atomically(
            result.audit_row(loaded_at), layout.audit_partition(raw_dir, spec.name, export_date)
        )
        return result

    display_name = f"{export_date.isoformat()}/{path.name}"
    settings = read_day_settings(landing_dir, export_date).for_file(path.name)
    raw = read_landing_file(path, display_name, settings.encoding)
    return load_records(raw, spec, raw_dir, export_date, loaded_at)


def load_records(
    raw: RawRecords,
    spec: ExportSpec,
    raw_dir: Path,
    export_date: dt.date,
    loaded_at: dt.datetime,
    source_format: str = "canonical",
    part: str = layout.CANONICAL,
) -> LoadResult:
    """Validate parsed records and replace one part of the (export, day) partition with them."""
    validated = validate(raw, spec, export_date, loaded_at)
    display_name = raw.file.display_name
    if validated.loaded.height + validated.rejected.height != raw.rows_in:
        raise AssertionError(f"{display_name}: rows in and rows out do not reconcile")

    layout.write_atomically(validated.loaded, layout.loaded_partition(raw_dir, spec.name, export_date, part))
    rejects_path = layout.rejects_partition(raw_dir, spec.name, export_date, part)
    if validated.rejected.height:
        layout.write_atomically(validated.rejected, rejects_path)
    else:
        layout.remove_partition(rejects_path)
    result = LoadResult(
        export=spec.name,
        export_date=export_date,
        status="loaded",
        source_file=display_name,
        file_sha256=raw.file.sha256,
        file_bytes=raw.file.size_bytes,
        delimiter=raw.file.delimiter,
        source_format=source_format,
        part=part,
        rows_in=raw.rows_in,
        rows_loaded=validated.loaded.height,
        rows_rejected=validated.rejected.height,
        missing_columns=validated.missing_columns,
        extra_columns=validated.extra_columns,
        reject_reasons=_top_reasons(validated.rejected),
    )
    layout.write_atomically(
        result.audit_row(loaded_at), layout.audit_partition(raw_dir, spec.name, export_date, part)
    )
    return result
