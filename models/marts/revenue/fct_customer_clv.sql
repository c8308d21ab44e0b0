-- One row per customer (billing contact with a paid purchase by the calibration end): purchase history in
-- the models' terms, historical LTV, and the predicted purchases and CLV over the horizon.
select
    predictions.contact_id,
    predictions.first_purchase_on,
    predictions.last_purchase_on,
    predictions.frequency,
    predictions.recency_weeks,
    predictions.t_weeks,
    predictions.monetary_value,
    cast(coalesce(purchases.revenue_total, 0) as double) as historical_ltv,
    predictions.probability_alive,
    predictions.expected_purchases,
    predictions.expected_average_spend,
    predictions.predicted_clv,
    predictions.horizon_weeks,
    '{{ var("reporting_currency") }}' as reporting_currency,
    predictions.calibration_end,
    predictions.fitted_at
from {{ ref('stg_clv__customer_predictions') }} as predictions
left join {{ ref('int_contacts_purchases_summarized') }} as purchases
    on predictions.contact_id = purchases.contact_id
