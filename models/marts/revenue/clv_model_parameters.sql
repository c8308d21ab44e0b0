-- The fitted BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma) parameters of the latest CLV fit, with
-- each model's log-likelihood, number of customers fitted and whether the optimiser converged.
select
    model,
    parameter,
    parameter_value as value,  -- noqa: RF04
    calibration_end,
    fitted_at
from {{ ref('stg_clv__model_parameters') }}
