"""Turning a parsed vendor file into the landing contract's columns, one landing export per format output.

The result is the same `RawRecords` shape the canonical files produce, so validation, quarantine and
reconciliation are the ones every landing file goes through.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from orchestration.landing.contract import ExportSpec
from orchestration.landing.errors import LandingFileError
from orchestration.landing.reader import RawRecords
from orchestration.landing.validation import LINEAGE_COLUMNS
from orchestration.vendors.formats import VALUE_KEY_IGNORED, Output, ValueSource, VendorFormat

CUSTOM_PREFIX = "custom_"


def _field_values(vendor_format: VendorFormat, columns: tuple[str, ...]) -> dict[str, pl.Expr]:
    """Each field found in the file: trimmed text (empty = missing), labels translated by `values`."""
    found: dict[str, pl.Expr] = {}
    for column, field in vendor_format.field_by_column.items():
        if column not in columns or field in found:
            continue
        text = pl.col(column).str.strip_chars().replace("", None)
        mapping = vendor_format.values.get(field)
        if mapping:
            key = text.str.to_lowercase().str.replace_all(VALUE_KEY_IGNORED, "")
            text = key.replace_strict(
                list(mapping), list(mapping.values()), default=text, return_dtype=pl.String
            )
        found[field] = text
    return found


def _source_value(source: ValueSource, fields: dict[str, pl.Expr]) -> pl.Expr | None:
    """The expression for one source, or None when the file lacks a field it needs."""
    if source.value is not None:
        return pl.lit(source.value, dtype=pl.String)
    if any(name not in fields for name in source.fields):
        return None
    if source.template is not None:
        parts = [fields[name] for name in source.fields]
        template = source.template
        for name in source.fields:
            template = template.replace(f"{{{name}}}", "{}", 1)
        present = pl.all_horizontal([part.is_not_null() for part in parts])
        return pl.when(present).then(pl.format(template, *parts))
    value = fields[source.fields[0]]
    if source.split is not None:
        value = value.str.split(source.split).list.first().str.strip_chars().replace("", None)
    return value


def convert(raw: RawRecords, vendor_format: VendorFormat, output: Output, spec: ExportSpec) -> RawRecords:
    """The vendor file's records as `output.export` records.

    Fails naming the headers a required column could come from when the file has none of them."""
    fields = _field_values(vendor_format, raw.file.columns)
    selected: dict[str, pl.Expr] = {}
    for column, sources in output.columns.items():
        values = [value for source in sources if (value := _source_value(source, fields)) is not None]
        if values:
            selected[column] = pl.coalesce(values) if len(values) > 1 else values[0]
    for column in spec.required_columns:
        if column not in selected:
            wanted = dict.fromkeys(name for source in output.columns[column] for name in source.fields)
            expected = "; or ".join(vendor_format.expected_headers(field) for field in wanted)
            raise LandingFileError(
                f"{raw.file.display_name}: {vendor_format.name} file has no column for "
                f"{output.export}.{column} (expected {expected})"
            )
    custom: dict[str, pl.Expr] = {}
    if output.custom_properties:
        # Columns this output does not read stay as text columns named from their headers.
        used = {name for sources in output.columns.values() for source in sources for name in source.fields}
        field_by_column = vendor_format.field_by_column
        taken = set(spec.column_names) | set(LINEAGE_COLUMNS)
        for column in raw.file.columns:
            if field_by_column.get(column) not in used:
                custom[f"{CUSTOM_PREFIX}{column}" if column in taken else column] = pl.col(column)
    records = raw.records.select(
        *[expression.alias(name) for name, expression in selected.items()],
        *[expression.alias(name) for name, expression in custom.items()],
        pl.col("_row_number"),
    )
    file = replace(raw.file, columns=(*selected, *custom))
    return RawRecords(file=file, records=records, malformed=raw.malformed)
