"""Deals, invoices, tickets, product usage and sales activities that follow from the funnel."""

from __future__ import annotations

import numpy as np
import polars as pl

from orchestration.sample_data import vocab
from orchestration.sample_data.timeline import (
    DAY,
    Timeline,
    business_time,
    opaque_ids,
    pick,
    rng_for,
    to_frame,
    weighted_choice,
)

STREAM_DEALS, STREAM_INVOICES, STREAM_TICKETS, STREAM_USAGE, STREAM_ACTIVITIES = 20, 21, 22, 23, 24
MONTH = 30 * DAY


def build_deals(
    seed: int, contacts: pl.DataFrame, companies: pl.DataFrame, timeline: Timeline
) -> pl.DataFrame:
    """One deal per sales-qualified contact; returns every version (stage change) with `_changed_at`."""
    rng = rng_for(seed, STREAM_DEALS)
    sql = contacts.filter((pl.col("_sql_at") >= 0) & (pl.col("_sql_at") < timeline.end)).join(
        companies.select("company_id", "employee_count", "currency"),
        on="company_id",
        how="left",
        maintain_order="left",
    )
    n = sql.height
    fit = sql["_fit"].to_numpy()
    created = sql["_sql_at"].to_numpy() + rng.exponential(3 * DAY, n).astype(np.int64)
    steps = rng.exponential(6 * DAY, (n, len(vocab.DEAL_STAGES))).astype(np.int64) + DAY
    entered = created[:, None] + np.cumsum(steps, axis=1) - steps[:, :1]
    lost_at_step = rng.random((n, len(vocab.DEAL_STAGES))) < 0.10 * (1 - fit[:, None])
    lost_at_step[:, 0] = False
    first_lost = np.where(lost_at_step.any(axis=1), lost_at_step.argmax(axis=1), len(vocab.DEAL_STAGES))
    won = (first_lost == len(vocab.DEAL_STAGES)) & (rng.random(n) < 0.45 + 0.45 * fit)
    last_stage = np.minimum(first_lost, len(vocab.DEAL_STAGES)) - 1
    closed_at = entered[np.arange(n), np.clip(last_stage, 0, None)] + rng.exponential(5 * DAY, n).astype(
        np.int64
    )

    employees = sql["employee_count"].fill_null(5).to_numpy()
    product_index = np.where(
        employees < 20,
        rng.choice(5, n, p=[0.55, 0.25, 0.0, 0.10, 0.10]),
        np.where(
            employees < 500,
            rng.choice(5, n, p=[0.15, 0.45, 0.10, 0.20, 0.10]),
            rng.choice(5, n, p=[0.0, 0.30, 0.45, 0.15, 0.10]),
        ),
    )
    seats = np.clip(np.round(employees * rng.uniform(0.02, 0.15, n)), 1, 250).astype(np.int64)
    price = np.array([vocab.PRODUCTS[i][2] for i in product_index])
    recurring = np.array([vocab.PRODUCTS[i][3] for i in product_index])
    currency = sql["currency"].fill_null("EUR").to_numpy()
    eur_per_unit = np.array([vocab.EUR_PER_UNIT[c] for c in currency])
    amount_eur = np.where(recurring, price * seats * 12, price)
    amount = np.round(amount_eur / eur_per_unit, 2)

    deal_ids = np.array([str(3_000_001 + i) for i in range(n)], dtype=object)
    base = {
        "deal_id": deal_ids,
        "company_id": sql["company_id"].to_numpy(),
        "contact_id": sql["contact_id"].to_numpy(),
        "pipeline": np.full(n, "Sales Pipeline", dtype=object),
        "amount": amount,
        "currency": currency,
        "product": np.array([vocab.PRODUCTS[i][0] for i in product_index], dtype=object),
        "owner_id": sql["owner_id"].to_numpy(),
        "created_at": created,
        "_seats": seats,
        "_recurring": recurring,
        "_fit": fit,
    }
    versions = []
    for step, stage in enumerate(vocab.DEAL_STAGES):
        reached = step <= last_stage
        frame = to_frame({key: values[reached] for key, values in base.items()}).with_columns(
            stage=pl.lit(stage),
            is_closed=pl.lit(False),
            is_won=pl.lit(False),
            _changed_at=pl.Series(entered[reached, step]),
        )
        versions.append(frame.with_columns(close_date=pl.col("created_at") + 45 * DAY))
    closing = to_frame({key: values for key, values in base.items()}).with_columns(
        stage=pl.Series(np.where(won, "closedwon", "closedlost")),
        is_closed=pl.lit(True),
        is_won=pl.Series(won),
        _changed_at=pl.Series(closed_at),
        close_date=pl.Series(closed_at),
    )
    versions.append(closing)
    return pl.concat(versions, how="vertical_relaxed").filter(pl.col("_changed_at") <= timeline.end)


def won_deals(deal_versions: pl.DataFrame) -> pl.DataFrame:
    return deal_versions.filter(pl.col("is_won")).rename({"_changed_at": "_won_at"})


def build_invoices(seed: int, won: pl.DataFrame, timeline: Timeline) -> pl.DataFrame:
    """Monthly invoices of subscriptions until churn, and one-off invoices; a version per status change."""
    rng = rng_for(seed, STREAM_INVOICES)
    n = won.height
    won_at = won["_won_at"].to_numpy()
    recurring = won["_recurring"].to_numpy()
    lifetime_months = np.where(recurring, rng.geometric(0.04, n), 1)
    months = np.minimum(lifetime_months, (timeline.end - won_at) // MONTH + 1)
    owner = np.repeat(np.arange(n), np.clip(months, 0, None))
    k = np.concatenate([np.arange(m) for m in np.clip(months, 0, None)]) if n else np.array([], np.int64)
    issued = won_at[owner] + k * MONTH + 2 * DAY
    keep = issued <= timeline.end
    owner, issued = owner[keep], issued[keep]
    count = len(owner)
    amount = np.where(recurring[owner], won["amount"].to_numpy()[owner] / 12, won["amount"].to_numpy()[owner])
    due = issued + 14 * DAY
    outcome = weighted_choice(
        rng,
        {"on_time": 0.80, "late": 0.09, "failed": 0.05, "refunded": 0.02, "void": 0.02, "never": 0.02},
        count,
    )
    paid_on_time = issued + rng.integers(DAY, 14 * DAY, count)
    late_paid = np.where(rng.random(count) < 0.7, due + rng.exponential(20 * DAY, count).astype(np.int64), -1)
    retry_paid = np.where(rng.random(count) < 0.6, issued + rng.integers(3 * DAY, 10 * DAY, count), -1)
    refund_at = paid_on_time + rng.exponential(15 * DAY, count).astype(np.int64)

    years = [
        str(y)
        for y in (np.datetime64("1970-01-01") + issued.astype("timedelta64[s]")).astype("datetime64[Y]")
    ]
    invoice_ids = np.array(
        [f"INV-{y}-{i:07d}" for y, i in zip(years, range(1, count + 1), strict=True)], dtype=object
    )
    base = {
        "invoice_id": invoice_ids,
        "company_id": won["company_id"].to_numpy()[owner],
        "contact_id": won["contact_id"].to_numpy()[owner],
        "product": won["product"].to_numpy()[owner],
        "amount": np.round(amount, 2),
        "currency": won["currency"].to_numpy()[owner],
        "issued_at": issued,
        "due_at": due,
    }

    def version(mask: np.ndarray, status: str, at: np.ndarray, paid_at: np.ndarray | None) -> pl.DataFrame:
        paid = np.where(mask, paid_at, -1) if paid_at is not None else np.full(count, -1)
        return to_frame({key: values[mask] for key, values in base.items()}).with_columns(
            status=pl.lit(status), _changed_at=pl.Series(at[mask]), paid_at=pl.Series(paid[mask])
        )

    every = np.ones(count, dtype=bool)
    versions = [
        version(every, "open", issued, None),
        version(np.isin(outcome, ["on_time", "refunded"]), "paid", paid_on_time, paid_on_time),
        version(outcome == "late", "overdue", due, None),
        version((outcome == "late") & (late_paid > 0), "paid", late_paid, late_paid),
        version(outcome == "failed", "failed", issued + DAY, None),
        version((outcome == "failed") & (retry_paid > 0), "paid", retry_paid, retry_paid),
        version(outcome == "refunded", "refunded", refund_at, paid_on_time),
        version(outcome == "void", "void", issued + DAY, None),
        version(outcome == "never", "overdue", due, None),
    ]
    return (
        pl.concat(versions, how="vertical_relaxed")
        .filter(pl.col("_changed_at") <= timeline.end)
        .with_columns(pl.when(pl.col("paid_at") < 0).then(None).otherwise(pl.col("paid_at")).alias("paid_at"))
    )


def customer_periods(won: pl.DataFrame, invoices: pl.DataFrame) -> pl.DataFrame:
    """Per company: when it became a customer, its last invoice (a proxy for churn) and seats."""
    last_invoice = invoices.group_by("company_id", maintain_order=True).agg(
        pl.col("issued_at").max().alias("_last_invoice_at")
    )
    return (
        won.filter(pl.col("company_id").is_not_null())
        .group_by("company_id", maintain_order=True)
        .agg(
            pl.col("_won_at").min(),
            pl.col("_seats").sum(),
            pl.col("contact_id").first(),
            pl.col("_fit").first(),
        )
        .join(last_invoice, on="company_id", how="left", maintain_order="left")
    )


def build_tickets(
    seed: int, customers: pl.DataFrame, companies: pl.DataFrame, troubled: set[str], timeline: Timeline
) -> pl.DataFrame:
    """Support tickets of customers; companies with payment trouble raise more billing tickets."""
    rng = rng_for(seed, STREAM_TICKETS)
    frame = customers.join(
        companies.select("company_id", "employee_count"), on="company_id", how="left", maintain_order="left"
    )
    since = np.maximum(frame["_won_at"].to_numpy(), timeline.start - 90 * DAY)
    until = np.minimum(frame["_last_invoice_at"].fill_null(timeline.end).to_numpy() + MONTH, timeline.end)
    months = np.clip((until - since) / MONTH, 0, None)
    rate = 0.5 + 0.3 * np.log10(frame["employee_count"].fill_null(5).to_numpy() + 1)
    count = rng.poisson(rate * months)
    owner = np.repeat(np.arange(frame.height), count)
    n = len(owner)
    created = since[owner] + (rng.random(n) * (until[owner] - since[owner])).astype(np.int64)
    company_ids = frame["company_id"].to_numpy()[owner]
    category = weighted_choice(rng, vocab.TICKET_CATEGORY_WEIGHTS, n)
    has_trouble = np.isin(company_ids, list(troubled))
    category = np.where(has_trouble & (rng.random(n) < 0.35), "billing", category)
    base = {
        "ticket_id": np.array([f"T-{i:07d}" for i in range(1, n + 1)], dtype=object),
        "contact_id": frame["contact_id"].to_numpy()[owner],
        "company_id": company_ids,
        "category": category,
        "priority": pick(rng, vocab.TICKET_PRIORITIES, n),
        "created_at": created,
    }
    resolved = rng.random(n) < 0.85
    resolved_at = created + rng.exponential(2 * DAY, n).astype(np.int64) + 600
    opened = to_frame(base).with_columns(
        status=pl.lit("new"), resolved_at=pl.lit(None, dtype=pl.Int64), _changed_at=pl.Series(created)
    )
    solved = to_frame({key: values[resolved] for key, values in base.items()}).with_columns(
        status=pl.lit("solved"),
        resolved_at=pl.Series(resolved_at[resolved]),
        _changed_at=pl.Series(resolved_at[resolved]),
    )
    return pl.concat([opened, solved], how="vertical_relaxed").filter(pl.col("_changed_at") <= timeline.end)


def build_usage(seed: int, customers: pl.DataFrame, timeline: Timeline) -> pl.DataFrame:
    """Daily active users and events of each customer account during the export window."""
    rng = rng_for(seed, STREAM_USAGE)
    first_day = np.clip((customers["_won_at"].to_numpy() - timeline.start) // DAY + 1, 0, None)
    last_invoice = customers["_last_invoice_at"].fill_null(timeline.end).to_numpy()
    last_day = np.clip((last_invoice + MONTH - timeline.start) // DAY, None, timeline.days - 1)
    days = np.clip(last_day - first_day + 1, 0, None)
    owner = np.repeat(np.arange(customers.height), days)
    day = (
        np.concatenate([np.arange(f, f + d) for f, d in zip(first_day, days, strict=True)])
        if len(days)
        else np.array([])
    )
    adoption = rng.beta(4, 2, customers.height)
    weekday = np.array([timeline.date_of_day(int(d)).weekday() for d in range(timeline.days)]) < 5
    seats = customers["_seats"].to_numpy()[owner]
    active = rng.binomial(seats, adoption[owner] * np.where(weekday[day.astype(int)], 1.0, 0.25))
    events = active * rng.poisson(30, len(owner))
    return pl.DataFrame(
        {
            "company_id": customers["company_id"].to_numpy()[owner].tolist(),
            "_day": day.astype(np.int32),
            "active_users": active.astype(np.int64),
            "events": events.astype(np.int64),
        }
    ).filter(pl.col("active_users") > 0)


def build_activities(
    seed: int, contacts: pl.DataFrame, deals: pl.DataFrame, timeline: Timeline
) -> pl.DataFrame:
    """Calls, emails, meetings, notes and tasks logged by owners on leads in play and open deals."""
    rng = rng_for(seed, STREAM_ACTIVITIES)
    closing = deals.filter(pl.col("is_closed")).select(
        "contact_id", pl.col("_changed_at").alias("_closed_at")
    )
    worked = contacts.filter(pl.col("_mql_at") >= 0).join(
        closing, on="contact_id", how="left", maintain_order="left"
    )
    mql = worked["_mql_at"].to_numpy()
    sql_at = worked["_sql_at"].to_numpy()
    closed = worked["_closed_at"].fill_null(timeline.end).to_numpy()
    start = np.maximum(mql, timeline.history_start)
    end = np.minimum(np.where(sql_at >= 0, closed, mql + 60 * DAY), timeline.end)
    per_day = np.where(sql_at >= 0, 0.12, 0.03)
    count = rng.poisson(per_day * np.clip((end - start) / DAY, 0, None))
    owner = np.repeat(np.arange(worked.height), count)
    n = len(owner)
    at_day = start[owner] + (rng.random(n) * np.clip(end[owner] - start[owner], 1, None)).astype(np.int64)
    occurred = business_time(rng, at_day - at_day % DAY)
    return to_frame(
        {
            "activity_id": np.array(opaque_ids("A", 1, n, 9), dtype=object),
            "type": weighted_choice(rng, vocab.ACTIVITY_TYPE_WEIGHTS, n),
            "contact_id": worked["contact_id"].to_numpy()[owner],
            "company_id": worked["company_id"].to_numpy()[owner],
            "owner_id": worked["owner_id"].to_numpy()[owner],
            "occurred_at": occurred,
        }
    ).filter(pl.col("occurred_at") <= timeline.end)
