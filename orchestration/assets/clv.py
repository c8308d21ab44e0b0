"""Predictive CLV: fit BG/NBD and Gamma-Gamma on the paid invoices in `marts.fct_invoices`, score every
customer, and write the results as Parquet next to the raw exports (dbt reads them via source('clv', ...))."""

import datetime as dt

import dagster as dg
import numpy as np
import polars as pl
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import crm_dbt_assets, resolve_as_of
from orchestration.clv import customer_summary, fit_bg_nbd, fit_gamma_gamma
from orchestration.clv.models import FitError
from orchestration.landing import layout
from orchestration.marts import MartsLocation, read_marts
from orchestration.resources import WarehouseResource

PREDICTIONS = "clv_customer_predictions"
PARAMETERS = "clv_model_parameters"
WEEKS_PER_YEAR = 52.0

TRANSACTIONS_SQL = """
select contact_id as customer_id, issued_on as purchased_on, cast(amount_reporting as double) as amount
from marts.fct_invoices
where is_revenue and not is_credit_note and contact_id is not null and amount_reporting is not null
    and issued_on <= ?
"""


class ClvConfig(dg.Config):
    as_of_date: str | None = None
    """Calibration end: the last day of purchase history the models see (default: latest landed date)."""
    horizon_weeks: float = WEEKS_PER_YEAR
    """How far ahead expected purchases and CLV look."""


def read_transactions(marts: MartsLocation, calibration_end: dt.date) -> pl.DataFrame:
    with read_marts(marts) as connection:
        return pl.from_arrow(connection.sql(TRANSACTIONS_SQL, params=[calibration_end]).to_arrow_table())


def score_customers(
    transactions: pl.DataFrame, calibration_end: dt.date, horizon_weeks: float, fitted_at: dt.datetime
) -> tuple[pl.DataFrame, pl.DataFrame, str | None]:
    """Per-customer predictions and the fitted parameters; without enough history, predictions are null and
    the reason is returned."""
    summary = customer_summary(transactions, calibration_end)
    x, t_x, age = (summary[column].to_numpy().astype(float) for column in ("frequency", "recency", "T"))
    parameters: list[tuple[str, str, float]] = []
    problem = None
    alive = purchases = spend = np.full(summary.height, np.nan)
    try:
        frequency_model = fit_bg_nbd(x, t_x, age)
        spend_model = fit_gamma_gamma(x, summary["monetary_value"].fill_null(np.nan).to_numpy())
    except FitError as error:
        problem = str(error)
    else:
        alive = frequency_model.probability_alive(x, t_x, age)
        purchases = frequency_model.expected_purchases(horizon_weeks, x, t_x, age)
        if spend_model.has_finite_mean:
            spend = spend_model.expected_average_spend(x, summary["monetary_value"].to_numpy())
        else:
            # Gamma-Gamma degenerates when each customer always pays the same (subscriptions): expect
            # their own average instead.
            spend = summary["average_amount"].to_numpy().astype(float)
        for name, model, fitted_customers in (
            ("bg_nbd", frequency_model, summary.height),
            ("gamma_gamma", spend_model, int((x > 0).sum())),
        ):
            parameters += [(name, parameter, value) for parameter, value in model.parameters().items()]
            parameters += [
                (name, "log_likelihood", model.log_likelihood),
                (name, "used_for_prediction", float(name == "bg_nbd" or spend_model.has_finite_mean)),
                (name, "customers", float(fitted_customers)),
                (name, "converged", float(model.converged)),
            ]
    predictions = summary.select(
        pl.col("customer_id").alias("contact_id"),
        "first_purchase_on",
        "last_purchase_on",
        "frequency",
        pl.col("recency").alias("recency_weeks"),
        pl.col("T").alias("t_weeks"),
        "monetary_value",
    ).with_columns(
        probability_alive=pl.Series(alive).fill_nan(None),
        expected_purchases=pl.Series(purchases).fill_nan(None),
        expected_average_spend=pl.Series(spend).fill_nan(None),
        predicted_clv=pl.Series(purchases * spend).fill_nan(None),
        horizon_weeks=pl.lit(horizon_weeks),
        calibration_end=pl.lit(calibration_end),
        fitted_at=pl.lit(fitted_at),
    )
    parameter_rows = pl.DataFrame(
        parameters,
        schema={"model": pl.String, "parameter": pl.String, "value": pl.Float64},
        orient="row",
    ).with_columns(calibration_end=pl.lit(calibration_end), fitted_at=pl.lit(fitted_at))
    return predictions, parameter_rows, problem


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", PREDICTIONS],
            deps=[get_asset_key_for_model([crm_dbt_assets], "fct_invoices")],
            description="Expected purchases and CLV per customer (BG/NBD + Gamma-Gamma).",
            group_name="clv",
        ),
        dg.AssetSpec(
            ["raw", PARAMETERS],
            deps=[get_asset_key_for_model([crm_dbt_assets], "fct_invoices")],
            description="Fitted BG/NBD and Gamma-Gamma parameters.",
            group_name="clv",
        ),
    ],
)
def customer_clv(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: ClvConfig):
    calibration_end = resolve_as_of(warehouse, config.as_of_date)
    transactions = read_transactions(warehouse.marts, calibration_end)
    fitted_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    predictions, parameters, problem = score_customers(
        transactions, calibration_end, config.horizon_weeks, fitted_at
    )
    if problem:
        context.log.warning(f"CLV not fitted, predictions left empty: {problem}")
    layout.write_atomically(predictions, layout.derived_table(warehouse.raw, PREDICTIONS))
    layout.write_atomically(parameters, layout.derived_table(warehouse.raw, PARAMETERS))
    fitted = {f"{row['model']}.{row['parameter']}": row["value"] for row in parameters.iter_rows(named=True)}
    yield dg.MaterializeResult(
        asset_key=["raw", PREDICTIONS],
        metadata={
            "calibration_end": calibration_end.isoformat(),
            "transactions": transactions.height,
            "customers": predictions.height,
            "repeat_customers": predictions.filter(pl.col("frequency") > 0).height,
            "not_fitted_because": problem or "",
        },
    )
    yield dg.MaterializeResult(
        asset_key=["raw", PARAMETERS], metadata={key: float(value) for key, value in fitted.items()}
    )
