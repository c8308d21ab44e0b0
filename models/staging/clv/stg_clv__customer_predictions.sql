select
    -- ids
    contact_id,

    -- history
    first_purchase_on,
    last_purchase_on,
    frequency,
    recency_weeks,
    t_weeks,
    monetary_value,

    -- predictions
    probability_alive,
    expected_purchases,
    expected_average_spend,
    predicted_clv,
    horizon_weeks,

    -- fit
    calibration_end,
    fitted_at

from {{ source('clv', 'clv_customer_predictions') }}
