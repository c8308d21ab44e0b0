"""Maximum-likelihood fits of the BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader, Hardie & Lee
2005, "RFM and CLV") models, and their per-customer predictions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special


class FitError(Exception):
    """The history cannot support a fit (too few customers or repeat purchases)."""


# Above this a + b, Beta(a, b) is a point mass for every purpose: all customers share one dropout rate.
MAX_DROPOUT_CONCENTRATION = 1e8
# Parameters stay between e^-20 and e^20 (2e-9 .. 5e8), wide enough for any customer base.
LOG_BOUND = 20.0
# The largest gradient component (in the fit's coordinates) that still counts as a maximum, relative to the
# negative log-likelihood: a sum of thousands of rounded terms is not more precise than that.
RELATIVE_GRADIENT_TOLERANCE = 1e-5
# What the fits' objectives return where the likelihood cannot be evaluated (overflow): worse than any point.
UNEVALUATED = 1e300


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
    return bg_nbd_log_likelihood_and_gradient(params, x, t_x, age, weights)[0]


def bg_nbd_log_likelihood_and_gradient(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray, weights: np.ndarray
) -> tuple[float, np.ndarray]:
    """The weighted log-likelihood and its gradient in (r, alpha, a, b)."""
    r, alpha, a, b = params
    repeat = x > 0
    b_repeats = np.where(repeat, b + x - 1, 1.0)
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
    dropped_out = np.log(a) - np.log(b_repeats) - (r + x) * np.log(alpha + t_x)
    tail = np.where(repeat, np.logaddexp(still_alive, dropped_out), still_alive)
    # The tail's derivative weighs each branch's derivative by that branch's share of the sum.
    alive_share = np.where(repeat, special.expit(still_alive - dropped_out), 1.0)
    dropped_share = 1.0 - alive_share
    d_beta = special.digamma(a + b) - special.digamma(a + b + x)
    derivatives = (
        special.digamma(r + x)
        - special.digamma(r)
        + np.log(alpha)
        - alive_share * np.log(alpha + age)
        - dropped_share * np.log(alpha + t_x),
        r / alpha - (r + x) * (alive_share / (alpha + age) + dropped_share / (alpha + t_x)),
        d_beta + dropped_share / a,
        d_beta + special.digamma(b + x) - special.digamma(b) - dropped_share / b_repeats,
    )
    gradient = np.array([np.sum(weights * derivative) for derivative in derivatives])
    return float(np.sum(weights * (common + tail))), gradient


def fit_bg_nbd(frequency: np.ndarray, recency: np.ndarray, age: np.ndarray, min_customers: int = 20) -> BgNbd:
    """Maximum likelihood by L-BFGS-B with the exact gradient, on coordinates (log r, log alpha, logit of
    the mean dropout rate a/(a+b), log(a+b)).

    When customers hardly differ in dropout rate the likelihood keeps rising as a and b grow together. On
    (log a, log b) a simplex search crawled along that ridge for 10,000 steps without converging (two
    minutes at 1M contacts); on these coordinates the ridge is one axis, bounded by
    MAX_DROPOUT_CONCENTRATION, and the fit takes under a second."""
    x, t_x, t_weeks = (np.asarray(column, dtype=float) for column in (frequency, recency, age))
    if len(x) < min_customers:
        raise FitError(f"BG/NBD needs at least {min_customers} customers, got {len(x)}")
    if not np.any(x > 0):
        raise FitError("BG/NBD needs at least one repeat purchase")
    (ux, ut_x, u_age), weights = _weighted_unique(x, t_x, t_weeks)

    def objective(coordinates: np.ndarray) -> tuple[float, np.ndarray]:
        params = _bg_nbd_parameters(coordinates)
        log_likelihood, gradient = bg_nbd_log_likelihood_and_gradient(params, ux, ut_x, u_age, weights)
        if not np.isfinite(log_likelihood) or not np.all(np.isfinite(gradient)):
            return UNEVALUATED, np.zeros(4)
        r, alpha, a, b = params
        mean_dropout_slope = a * b / (a + b)  # d a / d logit = -d b / d logit
        chain = np.array(
            [
                gradient[0] * r,
                gradient[1] * alpha,
                (gradient[2] - gradient[3]) * mean_dropout_slope,
                gradient[2] * a + gradient[3] * b,
            ]
        )
        return -log_likelihood, -chain

    bounds = [(-LOG_BOUND, LOG_BOUND)] * 3 + [(-LOG_BOUND, float(np.log(MAX_DROPOUT_CONCENTRATION)))]
    start = np.array([0.0, 0.0, 0.0, np.log(2.0)])  # r = alpha = a = b = 1
    fit = optimize.minimize(
        objective, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-10, "maxiter": 5000}
    )
    negative_log_likelihood, gradient = float(fit.fun), fit.jac
    # Short of the precision asked for, the line search ends "abnormally" on the flat ridge; the gradient
    # test tells a point where nothing is left to gain from one that is not. A point the objective could not
    # evaluate never counts: L-BFGS-B takes its zero gradient for a maximum.
    projected = np.where(_pushes_outward(fit.x, gradient, bounds), 0.0, gradient)
    evaluated = negative_log_likelihood < UNEVALUATED
    converged = evaluated and (
        bool(fit.success)
        or bool(np.max(np.abs(projected)) <= RELATIVE_GRADIENT_TOLERANCE * max(1.0, negative_log_likelihood))
    )
    r, alpha, a, b = _bg_nbd_parameters(fit.x)
    return BgNbd(r=r, alpha=alpha, a=a, b=b, log_likelihood=-negative_log_likelihood, converged=converged)


def _bg_nbd_parameters(coordinates: np.ndarray) -> np.ndarray:
    """(log r, log alpha, logit(a / (a + b)), log(a + b)) -> (r, alpha, a, b)."""
    r, alpha, concentration = np.exp(coordinates[[0, 1, 3]])
    mean_dropout = special.expit(coordinates[2])
    return np.array([r, alpha, mean_dropout * concentration, (1.0 - mean_dropout) * concentration])


def _pushes_outward(
    coordinates: np.ndarray, gradient: np.ndarray, bounds: list[tuple[float, float]]
) -> np.ndarray:
    """Coordinates held at a bound by a gradient (of the minimized function) that points beyond it."""
    low, high = np.array(bounds).T
    return ((coordinates <= low) & (gradient > 0)) | ((coordinates >= high) & (gradient < 0))


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
        return value if np.isfinite(value) else UNEVALUATED

    (p, q, gamma), log_likelihood, converged = _maximize(objective, 3)
    return GammaGamma(p=p, q=q, gamma=gamma, log_likelihood=log_likelihood, converged=converged)
