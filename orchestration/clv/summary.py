"""Per-customer recency/frequency/monetary summary of a transaction history, as the CLV models expect it."""

import datetime as dt

import polars as pl

DAYS_PER_WEEK = 7.0


def customer_summary(transactions: pl.DataFrame, calibration_end: dt.date) -> pl.DataFrame:
    """One row per customer from transactions (`customer_id`, `purchased_on` date, `amount`).

    Only purchases on or before `calibration_end` with a non-negative amount count (free items are
    purchases, credit notes are not); purchases on the same day merge into one. frequency = number of
    repeat purchase days; recency = weeks from the first to the last purchase; T = weeks from the first
    purchase to the calibration end; monetary_value = mean amount of the repeat purchases (null without
    any); average_amount = mean amount of all purchase days.
    """
    end = pl.lit(calibration_end, dtype=pl.Date)
    daily = (
        transactions.filter((pl.col("purchased_on") <= end) & (pl.col("amount") >= 0))
        .group_by("customer_id", "purchased_on")
        .agg(pl.col("amount").sum())
    )
    return (
        daily.sort("customer_id", "purchased_on")
        .group_by("customer_id", maintain_order=True)
        .agg(
            pl.col("purchased_on").first().alias("first_purchase_on"),
            pl.col("purchased_on").last().alias("last_purchase_on"),
            (pl.len() - 1).alias("frequency"),
            pl.col("amount").slice(1).mean().alias("monetary_value"),
            pl.col("amount").mean().alias("average_amount"),
        )
        .with_columns(
            (
                (pl.col("last_purchase_on") - pl.col("first_purchase_on")).dt.total_days() / DAYS_PER_WEEK
            ).alias("recency"),
            ((end - pl.col("first_purchase_on")).dt.total_days() / DAYS_PER_WEEK).alias("T"),
            pl.col("frequency").cast(pl.Int64),
        )
        .select(
            "customer_id",
            "first_purchase_on",
            "last_purchase_on",
            "frequency",
            "recency",
            "T",
            "monetary_value",
            "average_amount",
        )
    )
