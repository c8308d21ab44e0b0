"""Reading one landing CSV into text columns, keeping every record's line number.

Every data record ends up either in `records` (right number of fields) or in `malformed` (wrong
number of fields, unterminated quote), so nothing is dropped while parsing. Values stay text here;
typing and row rules are `validation`'s job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.landing.errors import LandingFileError

DELIMITER_CANDIDATES = (",", ";", "\t", "|")
UTF8_BOM = "\ufeff"
QUOTED_FIELD = r'"(?:[^"]|"")*"'
# A control character (unit separator) that CSV exports do not contain: reading with it keeps lines whole.
LINE_READER_SEPARATOR = "\x1f"
# Polars' reader costs about half a millisecond more per call than Python's split; it is faster from ~1 MB.
NATIVE_LINE_SPLIT_MIN_BYTES = 1_000_000


@dataclass(frozen=True)
class LandedFile:
    path: Path
    display_name: str
    sha256: str
    size_bytes: int
    delimiter: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RawRecords:
    file: LandedFile
    records: pl.DataFrame
    malformed: pl.DataFrame

    @property
    def rows_in(self) -> int:
        return self.records.height + self.malformed.height


def normalize_column_name(header: str) -> str:
    """'Contact ID ' -> 'contact_id'; keeps letters of any script, so custom properties stay readable."""
    name = re.sub(r"[^\w]+", "_", header.strip().lower()).strip("_")
    return name


def decode(data: bytes, display_name: str, encoding: str | None = None) -> str:
    """Text of a landing file: UTF-8 unless the landing folder declares another encoding (`_landing.yml`)."""
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if encoding:
            raise LandingFileError(
                f"{display_name}: not valid {encoding} at line {line} (byte 0x{data[error.start]:02X}), "
                f"the encoding declared for it in _landing.yml"
            ) from error
        raise LandingFileError(
            f"{display_name}: not valid UTF-8 at line {line} (byte 0x{data[error.start]:02X}); "
            "export the file as UTF-8, or declare its encoding in the landing folder's _landing.yml "
            "(encoding: cp1250)"
        ) from error
    return text.removeprefix(UTF8_BOM)


def _parse_header(line: str, display_name: str) -> tuple[str, tuple[str, ...]]:
    best: tuple[str, list[str]] | None = None
    for delimiter in DELIMITER_CANDIDATES:
        fields = next(csv.reader([line], delimiter=delimiter))
        if best is None or len(fields) > len(best[1]):
            best = (delimiter, fields)
    assert best is not None
    delimiter, fields = best
    if len(fields) < 2:
        raise LandingFileError(
            f"{display_name}: line 1: cannot find the header's delimiter (tried , ; tab |)"
        )
    return delimiter, header_columns(fields, f"{display_name}: line 1")


def header_columns(headers: list[str], where: str) -> tuple[str, ...]:
    """Normalized column names of a header row; a name appearing twice fails the file."""
    columns: list[str] = []
    for position, header in enumerate(headers, start=1):
        name = normalize_column_name(header) or f"unnamed_column_{position}"
        if name in columns:
            raise LandingFileError(f"{where}: column {name!r} appears twice in the header")
        columns.append(name)
    return tuple(columns)


MALFORMED_SCHEMA = {"_row_number": pl.Int64, "_raw_line": pl.String, "_reject_reason": pl.String}


def _text_frame(columns: tuple[str, ...], rows: list[list[str]] | None = None) -> pl.DataFrame:
    rows = rows or []
    return pl.DataFrame(
        {name: [row[i] for row in rows] for i, name in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.String),
    )


def _split_by_line(
    lines: pl.DataFrame, delimiter: str, columns: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """Vectorized split when every record is one physical line; None when a quoted field spans lines."""
    line = pl.col("line")
    quoted = line.str.contains('"', literal=True)
    unquoted = pl.when(quoted).then(line.str.replace_all(QUOTED_FIELD, "")).otherwise(line)
    scanned = lines.with_columns(
        fields=unquoted.str.count_matches(re.escape(delimiter)) + 1,
        stray_quotes=unquoted.str.count_matches('"', literal=True),
        quoted=quoted,
    )
    if scanned.filter(pl.col("stray_quotes") > 0).height:
        return None
    expected = len(columns)
    good = scanned.filter(pl.col("fields") == expected)
    if good["quoted"].any():
        records = pl.read_csv(
            good.select(pl.col("line").str.join("\n")).item().encode("utf-8"),
            has_header=False,
            new_columns=list(columns),
            schema=dict.fromkeys(columns, pl.String),
            separator=delimiter,
            quote_char='"',
        )
    else:
        # Without quotes every delimiter separates fields, so splitting reads what the CSV reader would:
        # an empty field is missing.
        fields = line.str.split_exact(delimiter, expected - 1).struct.rename_fields(list(columns))
        records = good.select(fields).unnest("line").with_columns(pl.all().replace("", None))
    malformed = scanned.filter(pl.col("fields") != expected).select(
        pl.col("line_number").alias("_row_number"),
        pl.col("line").alias("_raw_line"),
        pl.format("expected {} fields, found {}", pl.lit(expected), pl.col("fields")).alias("_reject_reason"),
    )
    return records.with_columns(good["line_number"].alias("_row_number")), malformed


def _split_by_record(
    text: str, delimiter: str, columns: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Record by record with the csv module, for files with quoted fields spanning lines or stray quotes."""
    physical_lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    next(reader)  # header, already parsed
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    malformed: list[tuple[int, str, str]] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
            reason = None if len(row) == len(columns) else f"expected {len(columns)} fields, found {len(row)}"
        except StopIteration:
            break
        except csv.Error as error:
            row, reason = [], f"malformed CSV: {error}"
        end = reader.line_num
        if reason:
            raw = "\n".join(line.rstrip("\r") for line in physical_lines[start - 1 : end])
            malformed.append((start, raw, reason))
        elif row:
            rows.append(row)
            row_numbers.append(start)
        start = end + 1
    records = _text_frame(columns, rows).with_columns(pl.Series("_row_number", row_numbers, dtype=pl.Int64))
    return records, pl.DataFrame(malformed, schema=MALFORMED_SCHEMA, orient="row")


def _data_lines(text: str, utf8: bytes) -> pl.DataFrame:
    """The lines after the header, numbered from 2, without their line ends; a blank line may be null.

    Polars splits a large file's lines natively, reading the file as one column, when that column's separator
    does not occur in it. Its lines are checked against the newlines counted, else Python splits them."""
    if len(utf8) >= NATIVE_LINE_SPLIT_MIN_BYTES and LINE_READER_SEPARATOR.encode() not in utf8:
        lines = pl.read_csv(
            utf8,
            has_header=False,
            separator=LINE_READER_SEPARATOR,
            quote_char=None,
            new_columns=["line"],
            schema={"line": pl.String},
        )
        if lines.height == utf8.count(b"\n") + (0 if utf8.endswith(b"\n") else 1):
            return (
                lines.with_row_index("line_number", offset=1)
                .slice(1)
                .select("line", pl.col("line_number").cast(pl.Int64))
            )
    physical_lines = text.split("\n")
    return pl.DataFrame(
        {
            "line": pl.Series(physical_lines[1:], dtype=pl.String).str.strip_suffix("\r"),
            "line_number": pl.int_range(2, len(physical_lines) + 1, eager=True, dtype=pl.Int64),
        }
    )


def read_landing_file(path: Path, display_name: str, encoding: str | None = None) -> RawRecords:
    """Parse one landing file. Raises LandingFileError when the file as a whole cannot be read."""
    return parse_csv_bytes(path.read_bytes(), path, display_name, encoding)


def parse_csv_bytes(data: bytes, path: Path, display_name: str, encoding: str | None = None) -> RawRecords:
    """Parse CSV content (a landing file, or a member of a ZIP at `path`)."""
    if not data or data.isspace():
        raise LandingFileError(f"{display_name}: the file is empty; expected at least a header row")
    text = decode(data, display_name, encoding)
    header_end = text.find("\n")
    header_line = (text if header_end < 0 else text[:header_end]).rstrip("\r")
    if header_line.count('"') % 2:
        raise LandingFileError(f"{display_name}: line 1: the header has an unterminated quote")
    delimiter, columns = _parse_header(header_line, display_name)

    # Bytes known to be UTF-8 (decode checked them), for polars to split into lines.
    utf8 = data.removeprefix(UTF8_BOM.encode()) if encoding is None else text.encode("utf-8")
    lines = _data_lines(text, utf8).filter(pl.col("line").str.strip_chars() != "")

    records, malformed = _split_by_line(lines, delimiter, columns) or _split_by_record(
        text, delimiter, columns
    )
    file = LandedFile(
        path=path,
        display_name=display_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        delimiter=delimiter,
        columns=columns,
    )
    return RawRecords(file=file, records=records, malformed=malformed)
