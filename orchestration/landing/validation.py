"""Typing and row rules: every parsed record becomes a loaded row or a rejected row with a reason.

Accepted value formats (anything else is quarantined with a reason naming the column and value):
- timestamp: ISO 8601 (`2026-09-01`, `2026-09-01 10:11[:12[.123]]`, a `T` separator, a `Z` or `+02:00`
  offset, converted to UTC) or `01.09.2026[ 10:11[:12]]`.
- date: the same formats, time part ignored.
- timestamps and dates after the day after the export date (a day of slack for time zones) are
  rejected unless the column allows future values (`meta.future_allowed`, e.g. `due_at`).
- bigint / double: `1234`, `-1234.5`, `1 234,50` (one comma and no dot is a decimal comma),
  `1,234.50`; spaces and underscores are ignored.
- boolean: true/false, t/f, yes/no, y/n, 1/0 (any case).
- varchar: any text up to MAX_VALUE_CHARS characters; values are trimmed, empty means missing.
Columns with `accepted_values` are matched case-insensitively and stored lower-case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import polars as pl

from orchestration.landing.contract import ColumnSpec, ExportSpec
from orchestration.landing.errors import LandingFileError
from orchestration.landing.reader import RawRecords

MAX_VALUE_CHARS = 10_000
LINEAGE_COLUMNS = ("_export_date", "_source_file", "_row_number", "_loaded_at")
# Parsed values sit beside the text values while rows are checked, with the latest time and date allowed.
PARSED_PREFIX = "__parsed__"
LATEST_TIMESTAMP = "__latest_timestamp__"
LATEST_DATE = "__latest_date__"

_TIMESTAMP_WITH_OFFSET_FORMATS = ("%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%:z")
_TIMESTAMP_FORMATS = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_ISO_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")
_POLARS_TYPES: dict[str, pl.DataType] = {
    "varchar": pl.String(),
    "bigint": pl.Int64(),
    "double": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
}


@dataclass(frozen=True)
class ValidatedExport:
    loaded: pl.DataFrame
    rejected: pl.DataFrame
    missing_columns: tuple[str, ...]
    extra_columns: tuple[str, ...]


def _timestamp(text: pl.Expr) -> pl.Expr:
    normalized = (
        text.str.replace(r"^(\d{2})\.(\d{2})\.(\d{4})", "$3-$2-$1")
        .str.replace("T", " ", literal=True)
        .str.replace(r"[zZ]$", "+00:00")
    )
    with_offset = [
        normalized.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us").dt.replace_time_zone(
            None
        )
        for fmt in _TIMESTAMP_WITH_OFFSET_FORMATS
    ]
    naive = [normalized.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in _TIMESTAMP_FORMATS]
    return pl.coalesce([*with_offset, *naive])


def _common_timestamp_format(values: pl.Series) -> str:
    """The format most of a file's timestamps are in, judged by its first value: ISO 8601 in UTC
    (`2026-09-01T10:11:12Z`, `2026-09-01T10:11:12.000Z`; a Z means UTC, which the raw layer stores), else
    `2026-09-01 10:11:12`. It is only the format tried first on every row; the others are tried on the rows it
    does not fit."""
    first = values.drop_nulls().head(1).to_list()
    return _ISO_UTC_FORMAT if first and first[0].endswith("Z") and "T" in first[0] else _TIMESTAMP_FORMATS[1]


def _number(text: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    compact = text.str.replace_all(r"[\s_\u00a0]", "")
    has_dot = compact.str.contains(".", literal=True)
    commas = compact.str.count_matches(",", literal=True)
    plain = (
        pl.when(~has_dot & (commas == 1))
        .then(compact.str.replace(",", ".", literal=True))
        .otherwise(compact.str.replace_all(",", "", literal=True))
    )
    if dtype == pl.Int64():
        return plain.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    number = plain.cast(pl.Float64, strict=False)
    # "NaN" and "inf" parse as floats but are not amounts anyone means.
    return pl.when(number.is_finite()).then(number)


@cache
def _parsed(column: ColumnSpec) -> pl.Expr:
    """Every accepted format of the column's type (null where none fits). Expressions are built once per
    column: building them costs more than running them on a small file."""
    text = pl.col(column.name)
    match column.data_type:
        case "timestamp":
            return _timestamp(text)
        case "date":
            return _timestamp(text).dt.date()
        case "bigint" | "double":
            return _number(text, _POLARS_TYPES[column.data_type])
        case "boolean":
            lowered = text.str.to_lowercase()
            return pl.when(lowered.is_in(_TRUE)).then(True).when(lowered.is_in(_FALSE)).then(False)
        case _:
            return text.str.to_lowercase() if column.accepted_values else text


@cache
def _common_parsed(column: ColumnSpec, timestamp_format: str) -> pl.Expr:
    """A cheaper parse that is right wherever it gives a value (null where _parsed may still succeed)."""
    text = pl.col(column.name)
    match column.data_type:
        case "timestamp":
            return text.str.to_datetime(timestamp_format, strict=False, time_unit="us")
        case "date":
            return text.str.to_date("%Y-%m-%d", strict=False)
        case "bigint":
            return text.cast(pl.Int64, strict=False)
        case "double":
            number = text.cast(pl.Float64, strict=False)
            return pl.when(number.is_finite()).then(number)
        case _:
            return _parsed(column)


def _parse_all(text: pl.DataFrame, spec: ExportSpec) -> pl.DataFrame:
    """Every contract column parsed to its type (null where it cannot be): the cheap parse on every row, the
    full set of accepted formats only on the rows the cheap parse left with a value it could not read."""
    indexed = text.with_row_index("_index")
    parsed = indexed.select(
        "_index",
        *[
            _common_parsed(
                column,
                _common_timestamp_format(text[column.name]) if column.data_type == "timestamp" else "",
            ).alias(column.name)
            for column in spec.columns
        ],
    )
    typed = [column.name for column in spec.columns if column.data_type != "varchar"]
    if not typed:
        return parsed.drop("_index")
    unread = pl.any_horizontal(
        [pl.col(name).is_not_null() & pl.col(f"{PARSED_PREFIX}{name}").is_null() for name in typed]
    )
    retried = pl.concat(
        [indexed, parsed.select(pl.col(typed).name.prefix(PARSED_PREFIX))], how="horizontal"
    ).filter(unread)
    if retried.height:
        reparsed = retried.select("_index", *[_parsed(column).alias(column.name) for column in spec.columns])
        parsed = parsed.update(reparsed, on="_index")
    return parsed.drop("_index")


def _error(column: ColumnSpec) -> pl.Expr:
    """The reason this column's value rejects the row, or null."""
    name = column.name
    text, parsed = pl.col(name), pl.col(f"{PARSED_PREFIX}{name}")
    value = text.str.slice(0, 60)
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        (text.is_null() & pl.lit(column.required), pl.lit(f"{name}: required value is missing")),
        (
            text.str.len_chars() > MAX_VALUE_CHARS,
            pl.format(
                f"{name}: value is {{}} characters, longer than {MAX_VALUE_CHARS}", text.str.len_chars()
            ),
        ),
    ]
    if column.data_type != "varchar":
        checks.append(
            (
                text.is_not_null() & parsed.is_null(),
                pl.format(f"{name}: cannot parse '{{}}' as {column.data_type}", value),
            )
        )
    if column.data_type in ("timestamp", "date") and not column.future_allowed:
        limit = pl.col(LATEST_TIMESTAMP if column.data_type == "timestamp" else LATEST_DATE)
        checks.append(
            (
                parsed > limit,
                pl.format(f"{name}: {{}} is after the export date", parsed.dt.to_string("%Y-%m-%d %H:%M:%S")),
            )
        )
    if column.accepted_values:
        allowed = ", ".join(column.accepted_values)
        checks.append(
            (
                parsed.is_not_null() & ~parsed.is_in(column.accepted_values),
                pl.format(f"{name}: '{{}}' is not one of {allowed}", value),
            )
        )
    reason = pl.lit(None, dtype=pl.String)
    for failed, message in reversed(checks):
        reason = pl.when(failed).then(message).otherwise(reason)
    return reason


@cache
def _reject_reason(spec: ExportSpec) -> pl.Expr:
    """Every reason the row is rejected for, joined, or null."""
    reasons = [_error(column) for column in spec.columns]
    return pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None).alias("_reject_reason")


def validate(
    raw: RawRecords, spec: ExportSpec, export_date: dt.date, loaded_at: dt.datetime
) -> ValidatedExport:
    """Split parsed records into typed loaded rows and quarantined rows (with `_reject_reason`)."""
    file_columns = raw.file.columns
    missing_required = [name for name in spec.required_columns if name not in file_columns]
    if missing_required:
        raise LandingFileError(
            f"{raw.file.display_name}: missing required column(s) {', '.join(missing_required)} "
            f"(the header has: {', '.join(file_columns)})"
        )
    missing = tuple(name for name in spec.column_names if name not in file_columns)
    extra = tuple(
        name for name in file_columns if name not in spec.column_names and name not in LINEAGE_COLUMNS
    )

    # Values are compared after trimming; an empty value is a missing value.
    text = raw.records.select(
        *[
            pl.col(name).str.strip_chars().replace("", None).alias(name)
            if name in file_columns
            else pl.lit(None, dtype=pl.String).alias(name)
            for name in (*spec.column_names, *extra)
        ],
        pl.col("_row_number"),
    )
    latest_allowed = dt.datetime.combine(export_date + dt.timedelta(days=2), dt.time())
    parsed = _parse_all(text, spec).rename(lambda name: f"{PARSED_PREFIX}{name}")
    checked = (
        pl.concat([text, parsed], how="horizontal")
        .with_columns(
            pl.lit(latest_allowed, dtype=pl.Datetime("us")).alias(LATEST_TIMESTAMP),
            pl.lit(latest_allowed.date() - dt.timedelta(days=1), dtype=pl.Date).alias(LATEST_DATE),
        )
        .with_columns(_reject_reason(spec))
    )
    lineage = [
        pl.lit(export_date, dtype=pl.Date).alias("_export_date"),
        pl.lit(raw.file.display_name).alias("_source_file"),
        pl.col("_row_number"),
        pl.lit(loaded_at, dtype=pl.Datetime("us")).alias("_loaded_at"),
    ]
    loaded = checked.filter(pl.col("_reject_reason").is_null()).select(
        *[
            pl.col(f"{PARSED_PREFIX}{column.name}").cast(_POLARS_TYPES[column.data_type]).alias(column.name)
            for column in spec.columns
        ],
        *[pl.col(name) for name in extra],
        *lineage,
    )
    rejected_rows = checked.filter(pl.col("_reject_reason").is_not_null()).select(
        pl.exclude(f"^{PARSED_PREFIX}.*$", LATEST_TIMESTAMP, LATEST_DATE),
        pl.lit(None, dtype=pl.String).alias("_raw_line"),
    )
    malformed_rows = raw.malformed.select(
        *[pl.lit(None, dtype=pl.String).alias(name) for name in (*spec.column_names, *extra)],
        pl.col("_row_number"),
        pl.col("_reject_reason"),
        pl.col("_raw_line"),
    )
    rejected = (
        pl.concat([rejected_rows, malformed_rows], how="vertical")
        .sort("_row_number")
        .select(
            *[pl.col(name) for name in (*spec.column_names, *extra)],
            *lineage,
            pl.col("_reject_reason"),
            pl.col("_raw_line"),
        )
    )
    return ValidatedExport(loaded=loaded, rejected=rejected, missing_columns=missing, extra_columns=extra)
