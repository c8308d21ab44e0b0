import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest

from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.landing.errors import LandingFileError
from orchestration.landing.load import load_export_day
from orchestration.paths import MODELS_DIR

DAY = dt.date(2026, 9, 1)
CONTACTS = load_contract(MODELS_DIR)["contacts"]
GOOD = (
    "contact_id,email,created_at,updated_at\n1,a@x.pl,2026-08-01,2026-08-01\n2,b@x.pl,2026-08-01,2026-08-01\n"
)


def land(landing: Path, content: str, export: str = "contacts", day: dt.date = DAY) -> Path:
    path = layout.landing_file(landing, day, export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_rerunning_a_day_replaces_its_partition(tmp_path: Path) -> None:
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    land(landing, GOOD)
    first = load_export_day(CONTACTS, landing, raw, DAY)
    second = load_export_day(CONTACTS, landing, raw, DAY)
    assert (first.rows_loaded, second.rows_loaded) == (2, 2)
    frame = pl.read_parquet(raw / "contacts" / "*" / "*.parquet")
    assert frame.height == 2

    # A corrected re-drop of the same day replaces the rows; the rejects partition follows.
    land(landing, GOOD + "3,c@x.pl,not a date,2026-08-01\n")
    third = load_export_day(CONTACTS, landing, raw, DAY)
    assert (third.rows_in, third.rows_loaded, third.rows_rejected) == (3, 2, 1)
    assert pl.read_parquet(layout.rejects_partition(raw, "contacts", DAY)).height == 1
    land(landing, GOOD)
    load_export_day(CONTACTS, landing, raw, DAY)
    assert not layout.rejects_partition(raw, "contacts", DAY).exists()


def test_a_day_without_the_file_clears_an_earlier_partition(tmp_path: Path) -> None:
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    path = land(landing, GOOD)
    load_export_day(CONTACTS, landing, raw, DAY)
    path.unlink()
    result = load_export_day(CONTACTS, landing, raw, DAY)
    assert result.status == "absent"
    assert not layout.loaded_partition(raw, "contacts", DAY).exists()
    audit = pl.read_parquet(layout.audit_partition(raw, "contacts", DAY))
    assert audit["status"].item() == "absent"


def test_an_unreadable_file_leaves_the_loaded_partition_untouched(tmp_path: Path) -> None:
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    land(landing, GOOD)
    load_export_day(CONTACTS, landing, raw, DAY)
    land(landing, "contact_id,email\n1,a@x.pl\n")
    with pytest.raises(LandingFileError, match="missing required column"):
        load_export_day(CONTACTS, landing, raw, DAY)
    assert pl.read_parquet(layout.loaded_partition(raw, "contacts", DAY)).height == 2


def _records_in(path: Path) -> int:
    """An independent count of data records: Python's csv module, blank lines skipped."""
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return sum(1 for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row) - 1


def test_every_generated_row_is_loaded_or_quarantined(
    small_landing: tuple[Path, object], tmp_path: Path
) -> None:
    landing, summary = small_landing
    contract = load_contract(MODELS_DIR)
    for day in layout.landed_dates(landing):
        for name, spec in contract.items():
            path = layout.landing_file(landing, day, name)
            result = load_export_day(spec, landing, tmp_path, day)
            if not path.exists():
                assert result.status == "absent"
                continue
            assert result.rows_in == _records_in(path), path
            assert result.rows_in == result.rows_loaded + result.rows_rejected
    audit = pl.read_parquet(tmp_path / layout.LOAD_AUDIT / "*" / "*.parquet")
    assert audit["rows_rejected"].sum() >= sum(summary.broken_rows.values()) > 0
