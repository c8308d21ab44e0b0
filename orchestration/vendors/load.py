"""Loading the vendor files of a landing day into the raw layer, beside the canonical files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.landing import layout
from orchestration.landing.contract import ExportSpec, load_contract
from orchestration.landing.load import LoadResult, load_records
from orchestration.paths import MODELS_DIR, VENDOR_FORMATS_DIR
from orchestration.vendors.convert import convert
from orchestration.vendors.files import VendorTable, vendor_tables
from orchestration.vendors.formats import VendorFormat, load_formats


def day_vendor_tables(
    landing_dir: Path, export_date: dt.date, formats: dict[str, VendorFormat] | None = None
) -> list[VendorTable]:
    formats = formats if formats is not None else load_formats(VENDOR_FORMATS_DIR, MODELS_DIR)
    return vendor_tables(landing_dir, export_date, formats, list(load_contract(MODELS_DIR)))


def load_vendor_exports(
    spec: ExportSpec,
    landing_dir: Path,
    raw_dir: Path,
    export_date: dt.date,
    loaded_at: dt.datetime | None = None,
    formats: dict[str, VendorFormat] | None = None,
) -> list[LoadResult]:
    """Replace the vendor parts of (export, day) with what the day's vendor files hold for this export.

    Every file is converted before anything is written, so a file that fails leaves the day as it was.
    """
    loaded_at = loaded_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    converted = []
    for table in day_vendor_tables(landing_dir, export_date, formats):
        outputs = [output for output in table.vendor_format.outputs if output.export == spec.name]
        for position, output in enumerate(outputs):
            part = table.partition if position == 0 else f"{table.partition}-{position + 1}"
            records = convert(table.records, table.vendor_format, output, spec)
            converted.append((records, table.vendor_format.name, part))
    results = [
        load_records(records, spec, raw_dir, export_date, loaded_at, source_format, part)
        for records, source_format, part in converted
    ]
    for part in layout.vendor_parts(raw_dir, spec.name, export_date) - {result.part for result in results}:
        layout.remove_partition(layout.loaded_partition(raw_dir, spec.name, export_date, part))
        layout.remove_partition(layout.rejects_partition(raw_dir, spec.name, export_date, part))
        layout.remove_partition(layout.audit_partition(raw_dir, spec.name, export_date, part))
    return results
