-- Where is future value? Predicted 12-month CLV against historical LTV per segment of one family (change
-- the family below), for segments with customers.
select
    segment,
    customers,
    round(historical_ltv_mean, 2) as historical_ltv_mean,
    round(historical_ltv_median, 2) as historical_ltv_median,
    round(predicted_clv_mean, 2) as predicted_clv_mean,
    round(predicted_clv_total, 2) as predicted_clv_total
from {{ ref('rpt_segment_health') }}
where segment_family = 'source_channel' and customers > 0
order by predicted_clv_total desc
