"""`crm-segments import-vendor`: check a vendor file and place it in a landing folder for the next run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from orchestration.landing.contract import load_contract
from orchestration.landing.day_settings import SETTINGS_FILE
from orchestration.landing.errors import LandingFileError
from orchestration.paths import MODELS_DIR, VENDOR_FORMATS_DIR
from orchestration.vendors.convert import convert
from orchestration.vendors.files import SUPPORTED_SUFFIXES, detect_format, read_tables
from orchestration.vendors.formats import load_formats


def _declare_encoding(day_dir: Path, relative: str, encoding: str) -> None:
    path = day_dir / SETTINGS_FILE
    settings = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
    settings.setdefault("files", {}).setdefault(relative, {})["encoding"] = encoding
    path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")


def import_vendor_file(
    file: Path,
    landing_dir: Path,
    export_date: dt.date,
    format_name: str | None = None,
    encoding: str | None = None,
) -> list[str]:
    """Read and map the file as the nightly run will (raising LandingFileError on what it would reject),
    copy it to `landing/<date>/<format or vendor>/`, and describe what it becomes."""
    formats = load_formats(VENDOR_FORMATS_DIR, MODELS_DIR)
    contract = load_contract(MODELS_DIR)
    if file.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LandingFileError(f"{file.name}: expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    if format_name is not None and format_name not in formats:
        raise LandingFileError(f"unknown format {format_name!r} (known: {', '.join(formats)})")
    candidates = [formats[format_name]] if format_name else list(formats.values())
    lines = []
    vendors = set()
    for suffix, records in read_tables(file, file.name, encoding):
        vendor_format = detect_format(records, candidates, list(contract), named=format_name is not None)
        vendors.add(vendor_format.vendor)
        for output in vendor_format.outputs:
            converted = convert(records, vendor_format, output, contract[output.export])
            mapped = [
                column for column in converted.file.columns if column in contract[output.export].column_names
            ]
            custom = [column for column in converted.file.columns if column not in mapped]
            lines.append(
                f"{file.name}{suffix}: {vendor_format.name} -> {output.export}: {records.rows_in} rows; "
                f"columns {', '.join(mapped)}"
                + (f"; custom properties {', '.join(custom)}" if custom else "")
            )
    folder = format_name or (vendors.pop() if len(vendors) == 1 else "vendor")
    day_dir = landing_dir / export_date.isoformat()
    target = day_dir / folder / file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, target)
    if encoding:
        _declare_encoding(day_dir, target.relative_to(day_dir).as_posix(), encoding)
    lines.append(f"copied to {target}; the next `crm-segments run` loads it")
    return lines
