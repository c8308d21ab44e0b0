"""The CLV models: the per-customer summary's definitions, and the published CDNOW fits reproduced."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from orchestration.assets import clv as clv_asset
from orchestration.clv import customer_summary, fit_bg_nbd, fit_gamma_gamma, models
from orchestration.clv.models import (
    BgNbd,
    FitError,
    GammaGamma,
    bg_nbd_log_likelihood,
    bg_nbd_log_likelihood_and_gradient,
)

CALIBRATION_END = dt.date(1997, 9, 30)


def test_summary_merges_same_day_purchases_and_measures_in_weeks() -> None:
    transactions = pl.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "a", "b", "c"],
            "purchased_on": [
                dt.date(2026, 1, 1),
                dt.date(2026, 1, 1),  # same day: merges into one purchase of 30
                dt.date(2026, 1, 15),
                dt.date(2026, 2, 12),
                dt.date(2026, 3, 5),  # after the calibration end: ignored
                dt.date(2026, 2, 26),
                dt.date(2026, 2, 1),
            ],
            "amount": [10.0, 20.0, 40.0, 60.0, 999.0, 25.0, -5.0],  # a credit note is not a purchase
        }
    )
    summary = customer_summary(transactions, dt.date(2026, 2, 26)).sort("customer_id")
    a, b = summary.row(0, named=True), summary.row(1, named=True)
    assert summary["customer_id"].to_list() == ["a", "b"]
    assert (a["frequency"], a["recency"], a["T"]) == (2, 6.0, 8.0)  # 42 days, 56 days
    assert a["monetary_value"] == pytest.approx(50.0)  # (40 + 60) / 2: the first purchase is left out
    assert a["average_amount"] == pytest.approx(130 / 3)
    assert (b["frequency"], b["recency"], b["T"], b["monetary_value"]) == (0, 0.0, 0.0, None)


def test_cdnow_summary_matches_the_published_calibration_summary(cdnow_transactions: pl.DataFrame) -> None:
    summary = customer_summary(cdnow_transactions, CALIBRATION_END)
    assert summary.height == 2357
    assert summary.filter(pl.col("frequency") > 0).height == 946
    first = summary.filter(pl.col("customer_id") == "00004").row(0, named=True)
    # Customer ID 1 of the published summary: x = 2, t_x = 30.43, T = 38.86, mean repeat spend 22.35.
    assert (first["frequency"], round(first["recency"], 2), round(first["T"], 2)) == (2, 30.43, 38.86)
    assert first["monetary_value"] == pytest.approx(22.345)


def test_bg_nbd_reproduces_fader_hardie_lee_2005(cdnow_transactions: pl.DataFrame) -> None:
    summary = customer_summary(cdnow_transactions, CALIBRATION_END)
    model = fit_bg_nbd(
        summary["frequency"].to_numpy(), summary["recency"].to_numpy(), summary["T"].to_numpy()
    )
    assert model.converged
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert {name: round(value, 2) for name, value in model.parameters().items()} == {
        name: round(value, 2) for name, value in published.items()
    }
    assert model.log_likelihood == pytest.approx(-9582.4, abs=0.1)


def _customers_with_one_dropout_rate(
    count: int, r: float, alpha: float, dropout: float, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BG/NBD's story with every customer sharing one dropout probability: purchase rates ~ Gamma(r, alpha),
    Poisson purchases, after each repeat purchase gone with probability `dropout`. Returns x, t_x, T."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(r, 1 / alpha, count)
    ages = rng.uniform(13.0, 52.0, count)
    x, t_x = np.zeros(count), np.zeros(count)
    for customer in range(count):
        moment = 0.0
        while True:
            moment += rng.exponential(1 / rates[customer])
            if moment > ages[customer]:
                break
            x[customer] += 1
            t_x[customer] = moment
            if rng.random() < dropout:
                break
    return x, t_x, ages


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_bg_nbd_converges_when_customers_share_one_dropout_rate(seed: int) -> None:
    """Without spread in dropout rates the likelihood rises as a and b grow together. The fit still
    converges, with the shared rate as a / (a + b). Searched on (log a, log b), samples 2 and 4 ran out of
    10,000 simplex steps unconverged; sample 1 ends in L-BFGS-B's "abnormal" line search on the flat
    ridge, and the gradient test shows nothing is left to gain."""
    x, t_x, age = _customers_with_one_dropout_rate(3000, r=2.0, alpha=8.0, dropout=0.1, seed=seed)
    model = fit_bg_nbd(x, t_x, age)
    assert model.converged
    assert model.a + model.b > 1e5  # Beta(a, b) this narrow: one dropout rate for all
    assert model.a / (model.a + model.b) == pytest.approx(0.1, abs=0.01)
    assert model.r / model.alpha == pytest.approx(2.0 / 8.0, rel=0.1)  # mean purchase rate per week


def test_bg_nbd_is_not_converged_where_the_likelihood_cannot_be_evaluated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the likelihood overflows, the objective returns a huge value and a zero gradient: L-BFGS-B
    reports success there, and the fit must not take that for a maximum."""
    x, t_x, age = _customers_with_one_dropout_rate(200, r=1.0, alpha=4.0, dropout=0.3)
    monkeypatch.setattr(
        models, "bg_nbd_log_likelihood_and_gradient", lambda *_: (float("nan"), np.full(4, np.nan))
    )
    assert not fit_bg_nbd(x, t_x, age).converged


def test_bg_nbd_gradient_matches_the_log_likelihood_differences() -> None:
    x, t_x, age = _customers_with_one_dropout_rate(200, r=1.0, alpha=4.0, dropout=0.3)
    weights = np.arange(1.0, 201.0)
    params = np.array([1.3, 5.0, 0.7, 2.2])
    _, gradient = bg_nbd_log_likelihood_and_gradient(params, x, t_x, age, weights)
    step = 1e-6
    differences = [
        (
            bg_nbd_log_likelihood(params + step * unit, x, t_x, age, weights)
            - bg_nbd_log_likelihood(params - step * unit, x, t_x, age, weights)
        )
        / (2 * step)
        for unit in np.eye(4)
    ]
    assert gradient == pytest.approx(differences, rel=1e-5)


def test_gamma_gamma_reproduces_fader_hardie_lee_2005(cdnow_transactions: pl.DataFrame) -> None:
    summary = customer_summary(cdnow_transactions, CALIBRATION_END)
    model = fit_gamma_gamma(summary["frequency"].to_numpy(), summary["monetary_value"].to_numpy())
    assert model.converged
    assert {name: round(value, 2) for name, value in model.parameters().items()} == {
        "p": 6.25,
        "q": 3.74,
        "gamma": 15.44,
    }


def test_conditional_expectation_of_the_published_example() -> None:
    """The paper's worked example: customer 1 is expected to make 1.226 purchases in the next 39 weeks."""
    model = BgNbd(r=0.242594, alpha=4.413602, a=0.792922, b=2.425907, log_likelihood=0.0, converged=True)
    expected = model.expected_purchases(39, np.array([2.0]), np.array([30.43]), np.array([38.86]))
    assert expected[0] == pytest.approx(1.226, abs=0.001)
    # Without repeat purchases a customer is certainly still alive in the model.
    assert model.probability_alive(np.array([0.0]), np.array([0.0]), np.array([38.86]))[0] == 1.0


def test_scoring_falls_back_to_own_average_without_a_finite_mean_spend(
    cdnow_transactions: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Gamma-Gamma fit with q <= 1 has no finite mean spend (the sample's subscriptions, which pay the same
    every month, fit that way): each customer's own average purchase is the expected spend instead, and the
    parameters say the fit was not used."""
    degenerate = GammaGamma(p=5.0, q=0.5, gamma=1.0, log_likelihood=0.0, converged=True)
    monkeypatch.setattr(clv_asset, "fit_gamma_gamma", lambda *_: degenerate)
    predictions, parameters, problem = clv_asset.score_customers(
        cdnow_transactions, CALIBRATION_END, 52.0, dt.datetime(1997, 10, 1)
    )
    assert problem is None
    used = {
        row["model"]: row["value"]
        for row in parameters.filter(pl.col("parameter") == "used_for_prediction").iter_rows(named=True)
    }
    assert used == {"bg_nbd": 1.0, "gamma_gamma": 0.0}
    summary = customer_summary(cdnow_transactions, CALIBRATION_END)
    joined = predictions.join(summary, left_on="contact_id", right_on="customer_id")
    assert joined["expected_average_spend"].to_list() == joined["average_amount"].to_list()
    assert (joined["predicted_clv"] >= 0).all()


def test_scoring_uses_gamma_gamma_when_it_has_a_mean(cdnow_transactions: pl.DataFrame) -> None:
    predictions, _, _ = clv_asset.score_customers(
        cdnow_transactions, CALIBRATION_END, 39.0, dt.datetime(1997, 10, 1)
    )
    first = predictions.filter(pl.col("contact_id") == "00004").row(0, named=True)
    assert first["expected_purchases"] == pytest.approx(1.226, abs=0.001)
    # E[M] = p (gamma + x m) / (p x + q - 1) with p 6.25, q 3.74, gamma 15.44, x 2, m 22.345
    assert first["expected_average_spend"] == pytest.approx(
        6.25 * (15.44 + 2 * 22.345) / (12.5 + 2.74), rel=2e-3
    )
    assert first["predicted_clv"] == pytest.approx(
        first["expected_purchases"] * first["expected_average_spend"]
    )


def test_too_little_history_is_reported_not_fitted() -> None:
    transactions = pl.DataFrame(
        {"customer_id": ["a", "b"], "purchased_on": [dt.date(2026, 1, 1)] * 2, "amount": [10.0, 20.0]}
    )
    with pytest.raises(FitError, match="at least 20 customers"):
        summary = customer_summary(transactions, dt.date(2026, 2, 1))
        fit_bg_nbd(summary["frequency"].to_numpy(), summary["recency"].to_numpy(), summary["T"].to_numpy())
    predictions, parameters, problem = clv_asset.score_customers(
        transactions, dt.date(2026, 2, 1), 52.0, dt.datetime(2026, 2, 2)
    )
    assert problem is not None and parameters.height == 0
    assert predictions.height == 2 and predictions["predicted_clv"].null_count() == 2
