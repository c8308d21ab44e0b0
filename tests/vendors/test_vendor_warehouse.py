"""The same people, companies and deals exported by HubSpot build the same marts as the canonical sample.

Each day's contacts, companies and deals are replaced by HubSpot files (English labels, internal names or
German; CSV or XLSX), and a Mailchimp audience ZIP lands on the last day."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
import vendor_fixtures as fixtures
from conftest import BuiltWarehouse

from orchestration.landing import layout
from orchestration.runner import run_nightly

pytestmark = pytest.mark.e2e

WRITERS = {
    "contacts": fixtures.hubspot_contacts,
    "companies": fixtures.hubspot_companies,
    "deals": fixtures.hubspot_deals,
}
# Columns that record where a row came from, not what it says.
LINEAGE = {"_export_date", "_source_file", "_row_number", "_loaded_at", "loaded_at", "_built_at"}


def _vendor_landing(canonical: Path, target: Path) -> None:
    shutil.copytree(canonical, target)
    for position, day in enumerate(layout.landed_dates(target)):
        style = position % 3
        suffix = ".xlsx" if position % 4 == 3 else ".csv"
        for export, writer in WRITERS.items():
            path = layout.landing_file(target, day, export)
            if path.exists():
                fixtures.write_table(
                    writer(path, style), path.with_name(f"hubspot-crm-exports-{export}{suffix}")
                )
                path.unlink()


def _people(built: BuiltWarehouse, count: int) -> list[dict]:
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        frame = pl.from_arrow(
            connection.sql(
                "select contact_id, email, first_name from marts.dim_contacts "
                "where is_marketing_contact and email_status = 'deliverable' order by contact_id"
            ).to_arrow_table()
        )
    return frame.head(count).to_dicts()


def _table(warehouse: Path, name: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        frame = pl.from_arrow(connection.sql(f"select * from marts.{name}").to_arrow_table())
    return frame.drop([column for column in frame.columns if column in LINEAGE])


@pytest.fixture(scope="module")
def vendor_build(built_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("vendor")
    landing = root / "landing"
    _vendor_landing(built_warehouse.landing, landing)
    unsubscriber, bounced, subscriber = _people(built_warehouse, 3)
    last_day = layout.landed_dates(landing)[-1]
    member = {
        "MEMBER_RATING": "3",
        "OPTIN_TIME": "2026-10-30 10:00:00",
        "LAST_CHANGED": "2026-10-30 12:00:00",
    }
    fixtures.write_mailchimp_zip(
        landing / last_day.isoformat() / "members_export_3f9a.zip",
        subscribed=[
            {**member, "Email Address": subscriber["email"], "LEID": "1"},
            {**member, "Email Address": "new.subscriber@example.org", "First Name": "Nina", "LEID": "2"},
        ],
        unsubscribed=[
            {
                **member,
                "Email Address": unsubscriber["email"],
                "LEID": "3",
                "UNSUB_TIME": "2026-10-30 18:00:00",
                "UNSUB_REASON": "NORMAL",
            },
        ],
        cleaned=[
            {**member, "Email Address": bounced["email"], "LEID": "4", "CLEAN_TIME": "2026-10-30 19:00:00"}
        ],
    )
    warehouse = root / "warehouse" / "crm.duckdb"
    warehouse.parent.mkdir()
    with (root / "run.log").open("w") as log:
        report = run_nightly(landing, warehouse, log=log)
    assert report.success, report.errors
    return {
        "warehouse": warehouse,
        "report": report,
        "touched": {unsubscriber["contact_id"], bounced["contact_id"], subscriber["contact_id"]},
        "unsubscriber": unsubscriber["contact_id"],
        "bounced": bounced["contact_id"],
        "subscriber": subscriber["contact_id"],
    }


def test_vendor_files_are_loaded_and_reconciled(vendor_build: dict) -> None:
    loads = vendor_build["report"].loads.filter(pl.col("status") == "loaded")
    formats = loads.group_by("source_format").agg(pl.len()).sort("source_format").rows()
    assert {name for name, _ in formats} >= {
        "hubspot_contacts",
        "hubspot_companies",
        "hubspot_deals",
        "mailchimp_subscribed",
        "mailchimp_unsubscribed",
        "mailchimp_cleaned",
    }
    assert loads.filter(pl.col("rows_in") != pl.col("rows_loaded") + pl.col("rows_rejected")).is_empty()
    assert set(loads.filter(pl.col("source_format").str.starts_with("hubspot"))["delimiter"]) >= {",", "xlsx"}


def test_companies_and_deals_match_the_canonical_build(
    vendor_build: dict, built_warehouse: BuiltWarehouse
) -> None:
    expected_deals = _table(built_warehouse.warehouse, "fct_deals").sort("deal_id")
    assert _table(vendor_build["warehouse"], "fct_deals").sort("deal_id").equals(expected_deals)

    expected = _table(built_warehouse.warehouse, "dim_companies").sort("company_id")
    actual = _table(vendor_build["warehouse"], "dim_companies").sort("company_id")
    assert actual.drop("marketing_contact_count").equals(expected.drop("marketing_contact_count"))
    # The one count Mailchimp changes: the companies of the unsubscribed and the bounced person lose them as
    # marketing contacts.
    lost = (
        _table(built_warehouse.warehouse, "dim_contacts")
        .filter(pl.col("contact_id").is_in([vendor_build["unsubscriber"], vendor_build["bounced"]]))
        .drop_nulls("company_id")
        .group_by("company_id")
        .agg(pl.len().cast(pl.Int64).alias("lost"))
    )
    changed = actual.join(expected, on="company_id", suffix="_canonical").select(
        "company_id",
        (pl.col("marketing_contact_count_canonical") - pl.col("marketing_contact_count")).alias("lost"),
    )
    assert changed.filter(pl.col("lost") != 0).sort("company_id").rows() == lost.sort("company_id").rows()


def test_people_untouched_by_mailchimp_match_the_canonical_build(
    vendor_build: dict, built_warehouse: BuiltWarehouse
) -> None:
    for table in ("dim_contacts", "contact_segments"):
        expected = _table(built_warehouse.warehouse, table)
        actual = _table(vendor_build["warehouse"], table)
        keys = ["contact_id", "segment_family", "segment"] if table == "contact_segments" else ["contact_id"]
        untouched = ~pl.col("contact_id").is_in(vendor_build["touched"]) & ~pl.col(
            "contact_id"
        ).str.starts_with("mailchimp:")
        assert actual.filter(untouched).sort(keys).equals(expected.filter(untouched).sort(keys)), table


def test_mailchimp_states_reach_the_people(vendor_build: dict) -> None:
    people = {
        row["contact_id"]: row
        for row in _table(vendor_build["warehouse"], "dim_contacts").to_dicts()
        if row["contact_id"] in vendor_build["touched"] or row["contact_id"].startswith("mailchimp:")
    }
    unsubscriber, bounced = people[vendor_build["unsubscriber"]], people[vendor_build["bounced"]]
    # Opted out on the contact record (outranks the unsubscribe event) and unsubscribed by the event.
    assert (unsubscriber["is_marketing_contact"], unsubscriber["non_marketing_reason"]) == (
        False,
        "opted_out",
    )
    assert unsubscriber["email_status"] == "unsubscribed"
    assert (bounced["email_status"], bounced["non_marketing_reason"]) == ("hard_bounced", "hard_bounced")
    # A subscriber already in the CRM stays one person; a new address becomes a contact of its own.
    assert people[vendor_build["subscriber"]]["is_marketing_contact"] is True
    assert [row["email"] for key, row in people.items() if key.startswith("mailchimp:")] == [
        "new.subscriber@example.org"
    ]
