"""Version histories of CRM records: each change of a contact or company is a row the export carries."""

from __future__ import annotations

import numpy as np
import polars as pl

from orchestration.sample_data.timeline import DAY, Timeline, rng_for

STREAM_HISTORY = 30
CONTACT_EXPORT_COLUMNS = [
    "contact_id",
    "email",
    "first_name",
    "last_name",
    "job_title",
    "phone",
    "company_id",
    "company_name",
    "country",
    "city",
    "lifecycle_stage",
    "lead_status",
    "owner_id",
    "created_via",
    "marketing_opt_out",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "original_source",
    "first_page_seen",
    "tags",
    "created_at",
]


def _acquisition(contacts: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    """UTM tags of the visit that converted each form-created contact, and its first page seen."""
    visits = sessions.select(
        pl.col("visitor_id").alias("_visitor_id"),
        "started_at",
        "landing_page_url",
        "utm_source",
        "utm_medium",
        "utm_campaign",
    ).sort("started_at", maintain_order=True)
    converting = (
        contacts.select("contact_id", "_visitor_id", "created_at")
        .sort("created_at", maintain_order=True)
        .join_asof(
            visits,
            left_on="created_at",
            right_on="started_at",
            by="_visitor_id",
            strategy="backward",
            check_sortedness=False,
        )
        .select("contact_id", "utm_source", "utm_medium", "utm_campaign")
    )
    first_seen = visits.group_by("_visitor_id", maintain_order=True).agg(
        pl.col("landing_page_url").first().alias("first_page_seen")
    )
    return converting.join(
        contacts.select("contact_id", "_visitor_id")
        .join(first_seen, on="_visitor_id", how="left", maintain_order="left")
        .drop("_visitor_id"),
        on="contact_id",
        how="left",
        maintain_order="left",
    )


def contact_versions(
    seed: int,
    contacts: pl.DataFrame,
    sessions: pl.DataFrame,
    submissions: pl.DataFrame,
    deals: pl.DataFrame,
    timeline: Timeline,
) -> pl.DataFrame:
    """Lifecycle steps (lead, MQL, SQL, opportunity, customer) and profile edits, each with `updated_at`."""
    rng = rng_for(seed, STREAM_HISTORY)
    acquisition = _acquisition(contacts.filter(pl.col("created_via") == "form"), sessions)
    newsletter_first = (
        submissions.sort("submitted_at", maintain_order=True)
        .group_by("_contact_id", maintain_order=True)
        .agg(pl.col("form_type").first().alias("_first_form"))
        .rename({"_contact_id": "contact_id"})
    )
    deal_times = deals.group_by("contact_id", maintain_order=True).agg(
        pl.col("created_at").min().alias("_deal_at"),
        pl.col("_changed_at").filter(pl.col("is_won")).min().alias("_won_at"),
        pl.col("_changed_at").filter(pl.col("is_closed") & ~pl.col("is_won")).min().alias("_lost_at"),
    )
    base = (
        contacts.join(acquisition, on="contact_id", how="left", maintain_order="left")
        .join(newsletter_first, on="contact_id", how="left", maintain_order="left")
        .join(deal_times, on="contact_id", how="left", maintain_order="left")
        .with_columns(
            first_page_seen=pl.when(pl.col("original_source").is_not_null()).then(pl.col("first_page_seen")),
        )
    )
    steps = [
        (
            pl.col("created_at"),
            pl.when(pl.col("_first_form") == "newsletter")
            .then(pl.lit("subscriber"))
            .otherwise(pl.lit("lead")),
            "new",
        ),
        (pl.col("_mql_at"), pl.lit("marketingqualifiedlead"), "open"),
        (pl.col("_sql_at"), pl.lit("salesqualifiedlead"), "in_progress"),
        (pl.col("_deal_at"), pl.lit("opportunity"), "connected"),
        (pl.col("_lost_at"), pl.lit("opportunity"), "bad_timing"),
        (pl.col("_won_at"), pl.lit("customer"), "connected"),
    ]
    versions = []
    for at, stage, status in steps:
        step = base.filter(at.is_not_null() & (at >= 0)).with_columns(
            updated_at=at, lifecycle_stage=stage, lead_status=pl.lit(status)
        )
        # Owners are assigned when sales starts working the contact, or at creation for offline sources.
        owned = pl.col("_owner_from_start") | (
            (pl.col("_sql_at") >= 0) & (pl.col("updated_at") >= pl.col("_sql_at"))
        )
        versions.append(step.with_columns(owner_id=pl.when(owned).then(pl.col("owner_id"))))
    history = pl.concat(versions, how="vertical_relaxed")

    # A few profile edits (a new phone number) on the latest state at a random later time.
    edited = (
        history.sort("updated_at", maintain_order=True)
        .group_by("contact_id", maintain_order=True)
        .last()
        .sample(fraction=0.1, seed=int(rng.integers(0, 2**31)))
    )
    edit_at = edited["updated_at"].to_numpy() + (rng.random(edited.height) * 60 * DAY).astype(np.int64)
    new_digits = pl.Series([f"{d:03d}" for d in rng.integers(0, 1000, edited.height)])
    edits = edited.with_columns(
        updated_at=pl.Series(edit_at), phone=pl.col("phone").str.head(-3) + new_digits
    )
    history = pl.concat([history, edits], how="vertical_relaxed")
    return history.filter(pl.col("updated_at") <= timeline.end).select(
        *CONTACT_EXPORT_COLUMNS, "updated_at", "_duplicate_of"
    )


def company_versions(seed: int, companies: pl.DataFrame, timeline: Timeline) -> pl.DataFrame:
    """Creation, and for some companies a later update of their size."""
    rng = rng_for(seed, STREAM_HISTORY + 1)
    created = companies.with_columns(updated_at=pl.col("created_at"))
    updated = companies.sample(fraction=0.2, seed=int(rng.integers(0, 2**31)))
    change_at = np.maximum(updated["created_at"].to_numpy(), timeline.start) + (
        rng.random(updated.height) * (timeline.end - timeline.start)
    ).astype(np.int64)
    growth = rng.normal(1.05, 0.1, updated.height)
    updated = updated.with_columns(
        updated_at=pl.Series(change_at),
        employee_count=(pl.col("employee_count") * pl.Series(growth)).round().cast(pl.Int64).clip(1, None),
    )
    return pl.concat([created, updated], how="vertical_relaxed").filter(pl.col("updated_at") <= timeline.end)
