"""Reading back what the ingest assets recorded, and comparing it with the landing folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from orchestration.landing import layout
from orchestration.landing.load import AUDIT_SCHEMA


def read_load_audit(raw_dir: Path, dates: list[dt.date] | None = None) -> pl.DataFrame:
    """One row per (export, export date) processed; only the given dates when `dates` is set."""
    paths = sorted((raw_dir / layout.LOAD_AUDIT).glob("export_date=*/*.parquet"))
    if dates is not None:
        wanted = {f"export_date={day.isoformat()}" for day in dates}
        paths = [path for path in paths if path.parent.name in wanted]
    if not paths:
        return pl.DataFrame(schema=AUDIT_SCHEMA)
    return pl.concat([pl.read_parquet(path) for path in paths], how="vertical_relaxed")


def stale_landing_files(landing_dir: Path, audit: pl.DataFrame) -> list[str]:
    """Landing files with no load record, or whose size differs from the loaded file's."""
    recorded = {
        (row["export"], row["export_date"]): row["file_bytes"]
        for row in audit.filter(pl.col("status") == "loaded").iter_rows(named=True)
    }
    stale = []
    for day in layout.landed_dates(landing_dir):
        for path in sorted((landing_dir / day.isoformat()).glob("*.csv")):
            size = recorded.get((path.stem, day))
            if size is None:
                stale.append(f"{day.isoformat()}/{path.name}: not loaded")
            elif size != path.stat().st_size:
                stale.append(f"{day.isoformat()}/{path.name}: changed since it was loaded")
    return stale


def markdown_table(frame: pl.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(str(value) for value in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *rows])
