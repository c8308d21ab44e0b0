"""Maximum-likelihood fits of the BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader, Hardie & Lee
2005, "RFM and CLV") models, and their per-customer predictions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special


class FitError(Exception):
    """The history cannot support a fit (too few customers or repeat purchases)."""


def _maximize(negative_log_likelihood, parameter_count: int) -> tuple[np.ndarray, float, bool]:
    """Fits on the log scale (parameters are positive): a robust simplex search, then a gradient polish."""
    start = np.zeros(parameter_count)
    simplex = optimize.minimize(
        negative_log_likelihood,
        start,
        method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 10_000},
    )
    polished = optimize.minimize(negative_log_likelihood, simplex.x, method="BFGS", options={"gtol": 1e-6})
    best = polished if polished.fun <= simplex.fun else simplex
    return np.exp(best.x), -float(best.fun), bool(simplex.success or polished.success)


def _weighted_unique(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Identical customers share one likelihood term (weighted by their count): much faster on big bases."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(unique.shape[1])], counts.astype(float)


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool

    def parameters(self) -> dict[str, float]:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def _alive_odds(self, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
        """[x>0] * a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x): the odds that the customer has dropped out."""
        repeat = x > 0
        safe_denominator = np.where(repeat, self.b + x - 1, 1.0)
        odds = self.a / safe_denominator * ((self.alpha + age) / (self.alpha + t_x)) ** (self.r + x)
        return np.where(repeat, odds, 0.0)

    def probability_alive(self, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + self._alive_odds(x, t_x, age))

    def expected_purchases(self, t: float, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
        """Expected purchases in the next `t` weeks of a customer with history (x, t_x, age = T in weeks)."""
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + age + t)
        hypergeometric = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        numerator = (
            (a + b + x - 1) / (a - 1) * (1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hypergeometric)
        )
        return numerator / (1.0 + self._alive_odds(x, t_x, age))


def bg_nbd_log_likelihood(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray, weights: np.ndarray
) -> float:
    r, alpha, a, b = params
    repeat = x > 0
    common = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    still_alive = -(r + x) * np.log(alpha + age)
    dropped_out = np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x)
    tail = np.where(repeat, np.logaddexp(still_alive, dropped_out), still_alive)
    return float(np.sum(weights * (common + tail)))


def fit_bg_nbd(frequency: np.ndarray, recency: np.ndarray, age: np.ndarray, min_customers: int = 20) -> BgNbd:
    x, t_x, t_weeks = (np.asarray(column, dtype=float) for column in (frequency, recency, age))
    if len(x) < min_customers:
        raise FitError(f"BG/NBD needs at least {min_customers} customers, got {len(x)}")
    if not np.any(x > 0):
        raise FitError("BG/NBD needs at least one repeat purchase")
    (ux, ut_x, u_age), weights = _weighted_unique(x, t_x, t_weeks)

    def objective(log_params: np.ndarray) -> float:
        value = -bg_nbd_log_likelihood(np.exp(log_params), ux, ut_x, u_age, weights)
        return value if np.isfinite(value) else 1e300

    (r, alpha, a, b), log_likelihood, converged = _maximize(objective, 4)
    return BgNbd(r=r, alpha=alpha, a=a, b=b, log_likelihood=log_likelihood, converged=converged)


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool

    def parameters(self) -> dict[str, float]:
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def has_finite_mean(self) -> bool:
        """With q <= 1 the population's mean spend is infinite: the fit cannot predict spend (this happens
        when customers pay the same amount every time, e.g. subscriptions)."""
        return self.q > 1

    def expected_average_spend(self, x: np.ndarray, monetary_value: np.ndarray) -> np.ndarray:
        """E[spend per purchase | x repeat purchases averaging m]; the population mean for x = 0."""
        p, q, gamma = self.p, self.q, self.gamma
        m = np.nan_to_num(np.asarray(monetary_value, dtype=float))
        return p * (gamma + x * m) / (p * x + q - 1)


def gamma_gamma_log_likelihood(
    params: np.ndarray, x: np.ndarray, m: np.ndarray, weights: np.ndarray
) -> float:
    p, q, gamma = params
    terms = (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + x * m)
    )
    return float(np.sum(weights * terms))


def fit_gamma_gamma(frequency: np.ndarray, monetary_value: np.ndarray, min_customers: int = 10) -> GammaGamma:
    """Fits on the customers with repeat purchases (their mean repeat spend is what the model explains)."""
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    repeaters = (x > 0) & np.isfinite(m) & (m > 0)
    if repeaters.sum() < min_customers:
        raise FitError(
            f"Gamma-Gamma needs at least {min_customers} repeat customers, got {int(repeaters.sum())}"
        )
    (ux, um), weights = _weighted_unique(x[repeaters], m[repeaters])

    def objective(log_params: np.ndarray) -> float:
        value = -gamma_gamma_log_likelihood(np.exp(log_params), ux, um, weights)
        return value if np.isfinite(value) else 1e300

    (p, q, gamma), log_likelihood, converged = _maximize(objective, 3)
    return GammaGamma(p=p, q=q, gamma=gamma, log_likelihood=log_likelihood, converged=converged)
