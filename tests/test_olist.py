"""Real, externally authored data: Olist's marketing funnel mapped onto the landing contract."""

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.runner import run_nightly
from orchestration.sample_data.olist import read_olist, write_olist_landing

pytestmark = pytest.mark.e2e

OLIST_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "olist"
# Hand-written expectations, independent of seeds/original_source_channels.csv.
EXPECTED_CHANNEL = {
    "organic_search": "Organic Search",
    "paid_search": "Paid Search",
    "social": "Organic Social",
    "email": "Email",
    "referral": "Referral",
    "direct_traffic": "Direct",
    "display": "Display",
    "other_publicities": "Other Campaigns",
    "other": "Unassigned",
    "unknown": "Unassigned",
    None: "Unassigned",
}


@pytest.fixture(scope="module")
def olist_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not OLIST_DIR.is_dir():
        pytest.skip(f"Olist data not found at {OLIST_DIR}")
    root = tmp_path_factory.mktemp("olist")
    write_olist_landing(OLIST_DIR, root / "landing")
    warehouse = root / "crm.duckdb"
    with (root / "run.log").open("w") as log:
        report = run_nightly(root / "landing", warehouse, log=log)
    assert report.success, report.errors
    assert report.loads["rows_rejected"].sum() == 0
    return warehouse


def warehouse_contacts(warehouse: Path) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(
            "select contact_id, source_channel, first_touch_page, created_month, won_deal_count "
            "from marts.dim_contacts"
        ).pl()


def test_every_lead_keeps_channel_first_touch_and_cohort(olist_warehouse: Path) -> None:
    leads, _ = read_olist(OLIST_DIR)
    contacts = warehouse_contacts(olist_warehouse)
    assert contacts.height == leads.height == 8000
    joined = leads.join(contacts, left_on="mql_id", right_on="contact_id", how="left")
    assert joined["source_channel"].null_count() == 0
    expected = [EXPECTED_CHANNEL[origin] for origin in joined["origin"].to_list()]
    assert joined["source_channel"].to_list() == expected
    assert joined["first_touch_page"].to_list() == joined["landing_page_id"].to_list()
    cohort = [dt.date.fromisoformat(day[:7] + "-01") for day in joined["first_contact_date"].to_list()]
    assert joined["created_month"].to_list() == cohort


def test_conversion_by_channel_matches_the_raw_files(olist_warehouse: Path) -> None:
    leads, deals = read_olist(OLIST_DIR)
    raw = (
        leads.with_columns(won=pl.col("mql_id").is_in(deals["mql_id"].implode()))
        .with_columns(channel=pl.col("origin").replace_strict(EXPECTED_CHANNEL, default="Unassigned"))
        .group_by("channel")
        .agg(pl.len().alias("leads"), pl.col("won").sum().alias("customers"))
        .sort("channel")
    )
    built = (
        warehouse_contacts(olist_warehouse)
        .group_by(pl.col("source_channel").alias("channel"))
        .agg(pl.len().alias("leads"), (pl.col("won_deal_count") > 0).sum().alias("customers"))
        .sort("channel")
    )
    assert built.rows() == raw.rows()
    assert raw["customers"].sum() == 842
