"""Finding vendor files in a landing day, reading them (CSV, XLSX, ZIP of CSVs) and telling their format.

A landing day may hold, beside the canonical `<export>.csv` files:
- `<any name>.csv|.xlsx|.zip`: the format is detected from the headers;
- `<format or vendor>/<any name>.csv|.xlsx|.zip`: the folder names the format (or narrows detection to
  one vendor's formats);
- a `format:` for the file in the day's `_landing.yml`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from orchestration.landing.day_settings import SETTINGS_FILE, read_day_settings
from orchestration.landing.errors import LandingFileError
from orchestration.landing.reader import (
    MALFORMED_SCHEMA,
    LandedFile,
    RawRecords,
    header_columns,
    parse_csv_bytes,
)
from orchestration.vendors.formats import VendorFormat

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".zip")


@dataclass(frozen=True)
class VendorTable:
    """One table of a vendor file (a ZIP holds several) with its format."""

    records: RawRecords
    vendor_format: VendorFormat
    relative_path: str  # inside the day folder; `audience.zip!subscribed.csv` for a ZIP member

    @property
    def partition(self) -> str:
        return re.sub(r"[^0-9A-Za-z]+", "-", self.relative_path).strip("-").lower()


def _xlsx_records(data: bytes, path: Path, display_name: str) -> RawRecords:
    try:
        frame = pl.read_excel(data, infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own types for corrupt workbooks
        raise LandingFileError(f"{display_name}: cannot read the workbook ({error})") from error
    columns = header_columns(frame.columns, f"{display_name}: row 1")
    records = frame.rename(dict(zip(frame.columns, columns, strict=True))).with_columns(
        pl.all().cast(pl.String),
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("_row_number"),
    )
    empty = pl.all_horizontal(pl.col(list(columns)).is_null())
    file = LandedFile(
        path=path,
        display_name=display_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        delimiter="xlsx",
        columns=columns,
    )
    return RawRecords(
        file=file, records=records.filter(~empty), malformed=pl.DataFrame(schema=MALFORMED_SCHEMA)
    )


def _tables_in_file(
    data: bytes, path: Path, display_name: str, encoding: str | None
) -> list[tuple[str, RawRecords]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [("", parse_csv_bytes(data, path, display_name, encoding))]
    if suffix == ".xlsx":
        return [("", _xlsx_records(data, path, display_name))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise LandingFileError(f"{display_name}: not a readable ZIP file ({error})") from error
    tables = []
    for member in sorted(archive.namelist()):
        name = Path(member).name
        if member.endswith("/") or name.startswith(".") or member.startswith("__MACOSX/"):
            continue
        member_display = f"{display_name}!{member}"
        if Path(name).suffix.lower() not in (".csv", ".xlsx"):
            raise LandingFileError(f"{member_display}: a ZIP may hold only .csv or .xlsx files")
        tables.extend(
            (f"!{member}", records)
            for _, records in _tables_in_file(archive.read(member), Path(name), member_display, encoding)
        )
    if not tables:
        raise LandingFileError(f"{display_name}: the ZIP holds no .csv or .xlsx file")
    return tables


@lru_cache(maxsize=8)
def _read_tables(
    path: Path, display_name: str, encoding: str | None, _mtime_ns: int, _size: int
) -> list[tuple[str, RawRecords]]:
    # Every ingest asset of a run looks at the same vendor files; parse each once per version of the file.
    return _tables_in_file(path.read_bytes(), path, display_name, encoding)


def read_tables(path: Path, display_name: str, encoding: str | None = None) -> list[tuple[str, RawRecords]]:
    """(suffix of the relative path, records) for each table in the file: one, or one per ZIP member."""
    stat = path.stat()
    return _read_tables(path, display_name, encoding, stat.st_mtime_ns, stat.st_size)


def _present(vendor_format: VendorFormat, columns: tuple[str, ...], field: str) -> bool:
    return any(vendor_format.field_by_column.get(column) == field for column in columns)


def _describe(vendor_format: VendorFormat) -> str:
    groups = "; ".join(vendor_format.expected_headers(field) for field in vendor_format.detect)
    return f"{vendor_format.name} ({vendor_format.description}): {groups}"


def detect_format(
    records: RawRecords, candidates: list[VendorFormat], canonical_exports: list[str], named: bool = False
) -> VendorFormat:
    """The one candidate format whose `detect` headers are all present and `absent` headers are not."""
    columns = records.file.columns
    display_name = records.file.display_name
    if named and len(candidates) == 1:
        wanted = candidates[0]
        missing = [field for field in wanted.detect if not _present(wanted, columns, field)]
        if missing:
            expected = "; ".join(wanted.expected_headers(field) for field in missing)
            raise LandingFileError(
                f"{display_name}: named as {wanted.name} but lacks the column(s) {expected}"
            )
        return wanted
    matches = [
        candidate
        for candidate in candidates
        if all(_present(candidate, columns, field) for field in candidate.detect)
        and not any(_present(candidate, columns, field) for field in candidate.absent)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise LandingFileError(
            f"{display_name}: the headers fit several formats ({', '.join(m.name for m in matches)}); "
            "put the file in a folder named after its format, or name the format in the day's _landing.yml"
        )
    expected = "\n".join(f"  - {_describe(candidate)}" for candidate in candidates)
    raise LandingFileError(
        f"{display_name}: the headers match no known export format (found: {', '.join(columns)}).\n"
        f"Expected a landing export named <export>.csv ({', '.join(canonical_exports)}) "
        f"or a vendor export with these headers (any one of each group):\n{expected}"
    )


def _candidates(
    hint: str | None, formats: dict[str, VendorFormat], where: str
) -> tuple[list[VendorFormat], bool]:
    if hint is None:
        return list(formats.values()), False
    if hint in formats:
        return [formats[hint]], True
    by_vendor = [vendor_format for vendor_format in formats.values() if vendor_format.vendor == hint]
    if by_vendor:
        return by_vendor, False
    vendors = sorted({vendor_format.vendor for vendor_format in formats.values()})
    raise LandingFileError(
        f"{where}: {hint!r} is neither a vendor format ({', '.join(formats)}) "
        f"nor a vendor ({', '.join(vendors)})"
    )


def _day_files(day_dir: Path, canonical_exports: list[str]) -> list[tuple[Path, str | None]]:
    """(file, folder hint) for every vendor file of the day; canonical files and settings are skipped."""
    found: list[tuple[Path, str | None]] = []
    for entry in sorted(day_dir.iterdir()):
        if entry.name.startswith(".") or entry.name == SETTINGS_FILE:
            continue
        if entry.is_dir():
            found.extend(
                (child, entry.name)
                for child in sorted(entry.iterdir())
                if child.is_file() and not child.name.startswith(".")
            )
        elif not (entry.suffix == ".csv" and entry.stem in canonical_exports):
            found.append((entry, None))
    return found


def vendor_tables(
    landing_dir: Path, export_date: dt.date, formats: dict[str, VendorFormat], canonical_exports: list[str]
) -> list[VendorTable]:
    """Every vendor table landed for the day, with its format. Raises LandingFileError naming a file that
    is not a supported type, cannot be read, or matches no (or more than one) format."""
    day_dir = landing_dir / export_date.isoformat()
    if not day_dir.is_dir():
        return []
    settings = read_day_settings(landing_dir, export_date)
    tables = []
    for path, folder in _day_files(day_dir, canonical_exports):
        relative = path.relative_to(day_dir).as_posix()
        display_name = f"{export_date.isoformat()}/{relative}"
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise LandingFileError(
                f"{display_name}: not a landing file; expected <export>.csv or a vendor export "
                f"({', '.join(SUPPORTED_SUFFIXES)})"
            )
        file_settings = settings.for_file(relative)
        candidates, named = _candidates(file_settings.format or folder, formats, display_name)
        for suffix, records in read_tables(path, display_name, file_settings.encoding):
            vendor_format = detect_format(records, candidates, canonical_exports, named)
            tables.append(
                VendorTable(records=records, vendor_format=vendor_format, relative_path=relative + suffix)
            )
    return tables
