"""Files in cp1250 or latin-1 load when the landing folder declares the encoding in `_landing.yml`."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.landing.day_settings import SETTINGS_FILE
from orchestration.landing.errors import LandingFileError
from orchestration.landing.load import load_export_day
from orchestration.paths import MODELS_DIR

DAY = dt.date(2026, 9, 1)
CONTACTS = load_contract(MODELS_DIR)["contacts"]
ROWS = "contact_id;first_name;last_name;created_at;updated_at\n1;Łukasz;Żółć;2026-08-01;2026-08-01\n"
LATIN1_ROWS = "contact_id;first_name;last_name;created_at;updated_at\n2;Zoë;Müller;2026-08-01;2026-08-01\n"


def land(landing: Path, data: bytes, settings: str | None) -> None:
    path = layout.landing_file(landing, DAY, "contacts")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if settings is not None:
        (path.parent / SETTINGS_FILE).write_text(settings, encoding="utf-8")


def loaded_names(raw: Path) -> list[tuple[str, str]]:
    frame = pl.read_parquet(layout.loaded_partition(raw, "contacts", DAY))
    return list(frame.select("first_name", "last_name").iter_rows())


@pytest.mark.parametrize(
    ("data", "settings", "expected"),
    [
        (ROWS.encode("cp1250"), "encoding: cp1250\n", [("Łukasz", "Żółć")]),
        (ROWS.encode("cp1250"), "files:\n  contacts.csv: {encoding: windows-1250}\n", [("Łukasz", "Żółć")]),
        (LATIN1_ROWS.encode("latin-1"), "encoding: latin-1\n", [("Zoë", "Müller")]),
        (ROWS.encode("utf-8"), None, [("Łukasz", "Żółć")]),
    ],
)
def test_a_declared_encoding_is_used_to_read_the_file(
    tmp_path: Path, data: bytes, settings: str | None, expected: list[tuple[str, str]]
) -> None:
    land(tmp_path / "landing", data, settings)
    result = load_export_day(CONTACTS, tmp_path / "landing", tmp_path / "raw", DAY)
    assert (result.rows_loaded, result.rows_rejected) == (1, 0)
    assert loaded_names(tmp_path / "raw") == expected


@pytest.mark.parametrize(
    ("data", "settings", "message"),
    [
        (ROWS.encode("cp1250"), None, r"not valid UTF-8 at line 2 .*encoding: cp1250"),
        # 0x81 and 0x98 are unassigned in cp1250: a file that is not cp1250 either fails, naming the line.
        (
            b"contact_id;first_name;created_at;updated_at\n1;a\x81;2026-08-01;2026-08-01\n",
            "encoding: cp1250\n",
            r"not valid cp1250 at line 2 \(byte 0x81\)",
        ),
        (ROWS.encode("cp1250"), "encoding: klingon\n", r"_landing.yml: unknown encoding 'klingon'"),
        (ROWS.encode("cp1250"), "charset: cp1250\n", r"expected the keys 'encoding' and/or 'files'"),
    ],
)
def test_wrong_or_unknown_encodings_fail_the_file_clearly(
    tmp_path: Path, data: bytes, settings: str | None, message: str
) -> None:
    land(tmp_path / "landing", data, settings)
    with pytest.raises(LandingFileError, match=message) as error:
        load_export_day(CONTACTS, tmp_path / "landing", tmp_path / "raw", DAY)
    assert str(error.value).startswith("2026-09-01/")
