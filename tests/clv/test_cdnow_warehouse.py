"""CDNOW through the whole nightly job: monthly invoice exports, `crm-segments run --as-of 1997-09-30`
reproduces the published BG/NBD and Gamma-Gamma parameters in marts.clv_model_parameters."""

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.cli import main

PUBLISHED = {
    ("bg_nbd", "r"): 0.243,
    ("bg_nbd", "alpha"): 4.414,
    ("bg_nbd", "a"): 0.793,
    ("bg_nbd", "b"): 2.426,
    ("gamma_gamma", "p"): 6.25,
    ("gamma_gamma", "q"): 3.74,
    ("gamma_gamma", "gamma"): 15.44,
}


def write_monthly_exports(transactions: pl.DataFrame, landing: Path) -> None:
    """Each month-end folder holds the month's invoices (all paid, USD) and the customers first seen in it."""
    invoices = transactions.sort("customer_id", "purchased_on").with_columns(
        invoice_id=pl.format("CD-{}", pl.int_range(pl.len()).cast(pl.String)),
        issued_at=pl.col("purchased_on").cast(pl.Datetime),
        export_date=pl.col("purchased_on").dt.month_end(),
    )
    customers = invoices.group_by("customer_id").agg(
        pl.col("issued_at").min().alias("created_at"), pl.col("export_date").min()
    )
    for (export_date,), month in invoices.group_by("export_date"):
        folder = landing / export_date.isoformat()
        folder.mkdir(parents=True)
        month.select(
            "invoice_id",
            pl.col("customer_id").alias("contact_id"),
            "amount",
            pl.lit("USD").alias("currency"),
            "issued_at",
            pl.col("issued_at").alias("paid_at"),
            pl.lit("paid").alias("status"),
        ).write_csv(folder / "invoices.csv")
        new = customers.filter(pl.col("export_date") == export_date)
        if new.height:
            new.select(
                pl.col("customer_id").alias("contact_id"),
                pl.format("cdnow{}@example.com", pl.col("customer_id")).alias("email"),
                "created_at",
                pl.col("created_at").alias("updated_at"),
            ).write_csv(folder / "contacts.csv")


@pytest.mark.e2e
def test_nightly_job_reproduces_the_published_cdnow_fit(
    cdnow_transactions: pl.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    write_monthly_exports(cdnow_transactions, landing)
    warehouse = tmp_path / "warehouse" / "crm.duckdb"
    exit_code = main(
        [
            "run",
            "--landing", str(landing),
            "--warehouse", str(warehouse),
            "--as-of", "1997-09-30",
            "--var", "reporting_currency=USD",
        ]
    )  # fmt: skip
    assert exit_code == 0, capsys.readouterr().out
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        fitted = {
            (model, parameter): value
            for model, parameter, value in connection.sql(
                "select model, parameter, value from marts.clv_model_parameters"
            ).fetchall()
        }
        calibration = connection.sql("select distinct calibration_end from marts.fct_customer_clv").fetchall()
        customers, repeaters = connection.execute(
            "select count(*), count(case when frequency > 0 then 1 end) from marts.fct_customer_clv"
        ).fetchone()
        first = connection.execute(
            "select frequency, recency_weeks, t_weeks, expected_purchases from marts.fct_customer_clv"
            " where contact_id = '00004'"
        ).fetchone()
    assert {key: round(fitted[key], 2) for key in PUBLISHED} == {
        key: round(value, 2) for key, value in PUBLISHED.items()
    }
    assert calibration == [(dt.date(1997, 9, 30),)]
    assert (customers, repeaters) == (2357, 946)
    # 39 weeks later the published example's customer is expected to buy 1.226 times; over 52 weeks, more.
    assert first[:3] == (2, pytest.approx(213 / 7), pytest.approx(272 / 7))
    assert first[3] > 1.226
