-- Cohort retention: share of each first-purchase cohort still paying 0, 1, 2, 3, 6 and 12 months later,
-- and cumulative revenue per customer after 3 and 12 months.
select
    cohort_month,
    max(cohort_customers) as cohort_customers,
    max(case when months_since_first_purchase = 1 then round(retention_rate, 3) end) as retained_month_1,
    max(case when months_since_first_purchase = 2 then round(retention_rate, 3) end) as retained_month_2,
    max(case when months_since_first_purchase = 3 then round(retention_rate, 3) end) as retained_month_3,
    max(case when months_since_first_purchase = 6 then round(retention_rate, 3) end) as retained_month_6,
    max(case when months_since_first_purchase = 12 then round(retention_rate, 3) end) as retained_month_12,
    max(case when months_since_first_purchase = 3 then round(cumulative_revenue_per_customer, 2) end)
        as revenue_per_customer_month_3,
    max(case when months_since_first_purchase = 12 then round(cumulative_revenue_per_customer, 2) end)
        as revenue_per_customer_month_12
from {{ ref('rpt_cohort_revenue') }}
group by cohort_month
order by cohort_month
