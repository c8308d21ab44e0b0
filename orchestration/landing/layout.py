"""Folder layout of the landing drop and of the raw Parquet layer."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from pathlib import Path

import polars as pl

LOAD_AUDIT = "load_audit"


def landed_dates(landing_dir: Path) -> list[dt.date]:
    """Dates of the `landing/<YYYY-MM-DD>/` folders, oldest first; other entries are ignored."""
    if not landing_dir.is_dir():
        return []
    dates = []
    for entry in landing_dir.iterdir():
        if not entry.is_dir():
            continue
        try:
            dates.append(dt.date.fromisoformat(entry.name))
        except ValueError:
            continue
    return sorted(dates)


def landing_file(landing_dir: Path, export_date: dt.date, export: str) -> Path:
    return landing_dir / export_date.isoformat() / f"{export}.csv"


CANONICAL = "data"  # the part of a partition loaded from `<export>.csv`; vendor files get their own parts


def loaded_partition(raw_dir: Path, export: str, export_date: dt.date, part: str = CANONICAL) -> Path:
    return raw_dir / export / f"export_date={export_date.isoformat()}" / f"{part}.parquet"


def rejects_partition(raw_dir: Path, export: str, export_date: dt.date, part: str = CANONICAL) -> Path:
    return raw_dir / f"{export}_rejects" / f"export_date={export_date.isoformat()}" / f"{part}.parquet"


def audit_partition(raw_dir: Path, export: str, export_date: dt.date, part: str = CANONICAL) -> Path:
    name = export if part == CANONICAL else f"{export}--{part}"
    return raw_dir / LOAD_AUDIT / f"export_date={export_date.isoformat()}" / f"{name}.parquet"


def vendor_parts(raw_dir: Path, export: str, export_date: dt.date) -> set[str]:
    """Parts of (export, day) loaded from vendor files, as found on disk."""
    folders = (
        loaded_partition(raw_dir, export, export_date).parent,
        rejects_partition(raw_dir, export, export_date).parent,
    )
    parts = {path.stem for folder in folders if folder.is_dir() for path in folder.glob("*.parquet")}
    audit_folder = audit_partition(raw_dir, export, export_date).parent
    if audit_folder.is_dir():
        parts |= {path.stem.split("--", 1)[1] for path in audit_folder.glob(f"{export}--*.parquet")}
    return parts - {CANONICAL}


def derived_table(raw_dir: Path, table: str) -> Path:
    """A table the pipeline computes (CLV fit, list definitions), kept beside the exports as one file."""
    return raw_dir / table / "current" / "data.parquet"


def write_atomically(frame: pl.DataFrame, path: Path) -> None:
    """Readers see the old file or the new one, never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.write_parquet(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def remove_partition(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the folder still holds other files
        path.parent.rmdir()
