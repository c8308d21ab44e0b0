select
    model,
    parameter,
    value as parameter_value,
    calibration_end,
    fitted_at
from {{ source('clv', 'clv_model_parameters') }}
