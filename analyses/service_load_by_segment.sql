-- Which segments raise the most support tickets and billing problems per customer? Segments with at least
-- five customers, worst first.
select
    segment_family,
    segment,
    customers,
    round(tickets_per_customer, 2) as tickets_per_customer,
    round(billing_problems_per_customer, 2) as billing_problems_per_customer,
    round(revenue_per_customer, 2) as revenue_per_customer,
    round(active_users_per_account, 1) as active_users_per_account
from {{ ref('rpt_segment_health') }}
where segment_family <> 'all' and customers >= 5
order by tickets_per_customer + billing_problems_per_customer desc, customers desc
