"""Olist's public marketing-funnel data (real, externally authored) mapped onto the landing contract.

Each marketing qualified lead becomes a CRM contact created by a form on its first-contact date, with the
lead's `origin` as the CRM's original source and its `landing_page_id` as the first page seen. Each closed
deal becomes a won deal with the seller as the company. Everything lands in one snapshot folder dated the
day after the last event, the way a one-off CRM export would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

LEADS_FILE = "olist_marketing_qualified_leads_dataset.csv"
DEALS_FILE = "olist_closed_deals_dataset.csv"


def read_olist(olist_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    leads = pl.read_csv(olist_dir / LEADS_FILE, infer_schema=False)
    deals = pl.read_csv(olist_dir / DEALS_FILE, infer_schema=False)
    return leads, deals


def write_olist_landing(olist_dir: Path, landing_dir: Path) -> dt.date:
    """Write contacts, companies and deals exports; returns the export date (the landing folder's name)."""
    leads, deals = read_olist(olist_dir)
    last_event = max(leads["first_contact_date"].max(), deals["won_date"].max()[:10])
    export_date = dt.date.fromisoformat(last_event) + dt.timedelta(days=1)
    folder = landing_dir / export_date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)

    won = deals.select("mql_id", "seller_id", "won_date")
    contacts = leads.join(won, on="mql_id", how="left").select(
        pl.col("mql_id").alias("contact_id"),
        pl.col("seller_id").alias("company_id"),
        pl.when(pl.col("won_date").is_not_null())
        .then(pl.lit("customer"))
        .otherwise(pl.lit("marketingqualifiedlead"))
        .alias("lifecycle_stage"),
        pl.lit("form").alias("created_via"),
        pl.col("origin").alias("original_source"),
        pl.col("landing_page_id").alias("first_page_seen"),
        pl.col("first_contact_date").alias("created_at"),
        pl.coalesce("won_date", "first_contact_date").alias("updated_at"),
    )
    companies = deals.select(
        pl.col("seller_id").alias("company_id"),
        pl.col("business_segment").alias("industry"),
        pl.lit("BR").alias("country"),
        pl.col("won_date").alias("created_at"),
        pl.col("won_date").alias("updated_at"),
        "lead_type",
        "lead_behaviour_profile",
        "business_type",
    )
    closed = deals.join(leads.select("mql_id", "first_contact_date"), on="mql_id", how="left").select(
        (pl.col("mql_id") + "-won").alias("deal_id"),
        pl.col("seller_id").alias("company_id"),
        pl.col("mql_id").alias("contact_id"),
        pl.lit("closedwon").alias("stage"),
        (pl.col("declared_monthly_revenue").cast(pl.Float64) * 12).alias("amount"),
        pl.lit("BRL").alias("currency"),
        pl.col("first_contact_date").alias("created_at"),
        pl.col("won_date").str.slice(0, 10).alias("close_date"),
        pl.lit("true").alias("is_closed"),
        pl.lit("true").alias("is_won"),
        pl.col("won_date").alias("updated_at"),
    )
    contacts.write_csv(folder / "contacts.csv")
    companies.write_csv(folder / "companies.csv")
    closed.write_csv(folder / "deals.csv")
    return export_date
