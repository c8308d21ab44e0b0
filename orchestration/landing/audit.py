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
    # One read of all the files: polars reads them in parallel (a year of 12 exports is 4,380 files).
    return pl.read_parquet(paths)


def stale_landing_files(landing_dir: Path, audit: pl.DataFrame) -> list[str]:
    """Landing files (canonical or vendor) with no load record, or whose size changed since the load."""
    recorded: dict[str, int] = {}
    for row in audit.filter(pl.col("status") == "loaded").iter_rows(named=True):
        source = row["source_file"]
        recorded[source] = row["file_bytes"]
        if "!" in source:  # a ZIP member: the ZIP counts as loaded, its size is not the member's
            recorded.setdefault(source.split("!", 1)[0], -1)
    stale = []
    for day in layout.landed_dates(landing_dir):
        day_dir = landing_dir / day.isoformat()
        for path in sorted([*day_dir.glob("*.*"), *day_dir.glob("*/*.*")]):
            if not path.is_file() or path.name.startswith((".", "_")):
                continue
            name = f"{day.isoformat()}/{path.relative_to(day_dir).as_posix()}"
            size = recorded.get(name)
            if size is None:
                stale.append(f"{name}: not loaded")
            elif size not in (-1, path.stat().st_size):
                stale.append(f"{name}: changed since it was loaded")
    return stale


def markdown_table(frame: pl.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(str(value) for value in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *rows])
