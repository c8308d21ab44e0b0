import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from orchestration.landing.contract import load_contract
from orchestration.landing.errors import LandingFileError
from orchestration.landing.reader import read_landing_file
from orchestration.landing.validation import MAX_VALUE_CHARS, validate
from orchestration.paths import MODELS_DIR

EXPORT_DATE = dt.date(2026, 9, 1)
LOADED_AT = dt.datetime(2026, 9, 2, 3, 0)


def validated(tmp_path: Path, export: str, content: str):
    path = tmp_path / f"{export}.csv"
    path.write_text(content, encoding="utf-8")
    raw = read_landing_file(path, f"2026-09-01/{export}.csv")
    return validate(raw, load_contract(MODELS_DIR)[export], EXPORT_DATE, LOADED_AT)


def test_timestamp_formats_are_parsed_to_utc(tmp_path: Path) -> None:
    rows = "\n".join(
        f"{i},{value},2026-08-01"
        for i, value in enumerate(
            [
                "2026-08-01",
                "2026-08-01 10:11",
                "2026-08-01T10:11:12",
                "2026-08-01T10:11:12.250Z",
                "2026-08-01T10:11:12Z",
                "2026-08-01T10:11:12z",
                "2026-08-01T10:11:12+02:00",
                "01.08.2026 10:11",
            ]
        )
    )
    result = validated(tmp_path, "contacts", f"contact_id,created_at,updated_at\n{rows}\n")
    assert result.rejected.is_empty()
    assert result.loaded["created_at"].to_list() == [
        dt.datetime(2026, 8, 1),
        dt.datetime(2026, 8, 1, 10, 11),
        dt.datetime(2026, 8, 1, 10, 11, 12),
        dt.datetime(2026, 8, 1, 10, 11, 12, 250000),
        dt.datetime(2026, 8, 1, 10, 11, 12),
        dt.datetime(2026, 8, 1, 10, 11, 12),
        dt.datetime(2026, 8, 1, 8, 11, 12),
        dt.datetime(2026, 8, 1, 10, 11),
    ]


def test_numbers_booleans_and_categories(tmp_path: Path) -> None:
    content = (
        "deal_id;amount;is_won;is_closed;created_at;updated_at;stage\n"
        "1;1 234,50;yes;1;2026-08-01;2026-08-01;Closed Won\n"
        "2;1,234.50;FALSE;0;2026-08-01;2026-08-01;x\n"
        "3;-12;n;t;2026-08-01;2026-08-01;x\n"
        "4;NaN;n;t;2026-08-01;2026-08-01;x\n"
    )
    result = validated(tmp_path, "deals", content)
    assert result.rejected["_reject_reason"].to_list() == ["amount: cannot parse 'NaN' as double"]
    assert result.loaded["amount"].to_list() == [1234.5, 1234.5, -12.0]
    assert result.loaded["is_won"].to_list() == [True, False, False]
    assert result.loaded["is_closed"].to_list() == [True, False, True]
    assert result.loaded["stage"].to_list() == ["Closed Won", "x", "x"]


def test_bad_values_are_quarantined_with_every_reason(tmp_path: Path) -> None:
    content = (
        "contact_id,created_via,marketing_opt_out,created_at,updated_at\n"
        "1,Form,yes,2026-08-01,2026-08-01\n"
        "2,fax,maybe,yesterday,2026-08-01\n"
        ",import,no,2026-08-01,2026-08-01\n"
        "4,import,no,2026-09-03 00:00:01,2026-08-01\n"
        "5,import,no,2026-09-02 23:59:59,2026-08-01\n"
    )
    result = validated(tmp_path, "contacts", content)
    assert result.loaded["contact_id"].to_list() == ["1", "5"]
    assert result.loaded["created_via"].to_list() == ["form", "import"]
    reasons = dict(
        zip(
            result.rejected["_row_number"].to_list(), result.rejected["_reject_reason"].to_list(), strict=True
        )
    )
    assert reasons[3] == (
        "created_via: 'fax' is not one of form, import, event, phone, chat, manual; "
        "marketing_opt_out: cannot parse 'maybe' as boolean; "
        "created_at: cannot parse 'yesterday' as timestamp"
    )
    assert reasons[4] == "contact_id: required value is missing"
    assert reasons[5] == "created_at: 2026-09-03 00:00:01 is after the export date"
    # Rejected rows keep the values as they were written, for inspection.
    assert result.rejected.filter(pl.col("_row_number") == 3)["created_via"].item() == "fax"


def test_future_values_are_allowed_where_the_contract_says_so(tmp_path: Path) -> None:
    content = (
        "invoice_id,amount,currency,issued_at,due_at,status\n"
        "I1,10,eur,2026-08-30,2026-12-31,open\n"
        "I2,10,EUR,2027-01-01,2027-01-15,open\n"
    )
    result = validated(tmp_path, "invoices", content)
    assert result.loaded["invoice_id"].to_list() == ["I1"]
    assert (
        "issued_at: 2027-01-01 00:00:00 is after the export date" in result.rejected["_reject_reason"].item()
    )


def test_the_future_limit_is_each_files_own_export_date(tmp_path: Path) -> None:
    """Validation rules are built once per export and reused for every file, whatever its date."""
    path = tmp_path / "contacts.csv"
    path.write_text("contact_id,created_at,updated_at\n1,2026-09-04 10:00,2026-08-01\n", encoding="utf-8")
    spec = load_contract(MODELS_DIR)["contacts"]
    raw = read_landing_file(path, "contacts.csv")
    for export_date, loaded in [
        (dt.date(2026, 9, 5), 1),
        (dt.date(2026, 9, 1), 0),
        (dt.date(2026, 9, 3), 1),
        (dt.date(2026, 9, 2), 0),
    ]:
        result = validate(raw, spec, export_date, LOADED_AT)
        assert result.loaded.height == loaded, export_date
        assert result.rejected.height == 1 - loaded, export_date
        assert set(result.loaded.columns) | set(result.rejected.columns) <= {
            *spec.column_names,
            "_export_date",
            "_source_file",
            "_row_number",
            "_loaded_at",
            "_reject_reason",
            "_raw_line",
        }


def test_overlong_values_are_quarantined(tmp_path: Path) -> None:
    long_title = "x" * (MAX_VALUE_CHARS + 1)
    result = validated(
        tmp_path,
        "contacts",
        f"contact_id,job_title,created_at,updated_at\n1,{long_title},2026-08-01,2026-08-01\n",
    )
    assert result.loaded.is_empty()
    assert (
        result.rejected["_reject_reason"].item()
        == f"job_title: value is {MAX_VALUE_CHARS + 1} characters, longer than {MAX_VALUE_CHARS}"
    )


def test_missing_optional_columns_are_recorded_and_extra_columns_kept(tmp_path: Path) -> None:
    result = validated(
        tmp_path,
        "contacts",
        "contact_id,created_at,updated_at,Favourite Colour\n1,2026-08-01,2026-08-01,blue\n",
    )
    assert "email" in result.missing_columns and "tags" in result.missing_columns
    assert result.extra_columns == ("favourite_colour",)
    assert result.loaded["favourite_colour"].to_list() == ["blue"]
    assert result.loaded["email"].to_list() == [None]
    assert result.loaded.schema["created_at"] == pl.Datetime("us")
    assert list(result.loaded.columns[-4:]) == ["_export_date", "_source_file", "_row_number", "_loaded_at"]


def test_missing_required_column_fails_the_file(tmp_path: Path) -> None:
    with pytest.raises(
        LandingFileError, match=r"2026-09-01/contacts.csv: missing required column\(s\) updated_at"
    ):
        validated(tmp_path, "contacts", "contact_id,created_at\n1,2026-08-01\n")
