-- Revenue retention by first-purchase cohort: for each cohort month and each month since (0 = the first
-- purchase month, up to the as-of month), how many of the cohort's customers paid, what they paid, and the
-- cumulative revenue per cohort customer.
with

purchases as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'issued_on') }} as date) as purchase_month,
        revenue_reporting
    from {{ ref('fct_invoices') }}
    where is_revenue and contact_id is not null

),

customers as (

    select
        contact_id,
        min(purchase_month) as cohort_month
    from purchases
    where revenue_reporting > 0
    group by contact_id

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_customers
    from customers
    group by cohort_month

),

month_offsets as (

    {{ number_series(1200) }}

),

months_since as (

    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        month_offsets.step - 1 as months_since_first_purchase
    from cohorts
    cross join month_offsets
    where
        month_offsets.step - 1
        <= {{ dbt.datediff('cohorts.cohort_month', dbt.date_trunc('month', as_of_date()), 'month') }}

),

monthly as (

    select
        customers.cohort_month,
        {{ dbt.datediff('customers.cohort_month', 'purchases.purchase_month', 'month') }}
            as months_since_first_purchase,
        count(distinct case when purchases.revenue_reporting > 0 then purchases.contact_id end)
            as customers_active,
        sum(purchases.revenue_reporting) as revenue
    from purchases
    inner join customers on purchases.contact_id = customers.contact_id
    group by
        customers.cohort_month,
        {{ dbt.datediff('customers.cohort_month', 'purchases.purchase_month', 'month') }}

),

filled as (

    select
        months_since.cohort_month,
        months_since.months_since_first_purchase,
        months_since.cohort_customers,
        coalesce(monthly.customers_active, 0) as customers_active,
        cast(coalesce(monthly.revenue, 0) as decimal(18, 2)) as revenue
    from months_since
    left join monthly
        on
            months_since.cohort_month = monthly.cohort_month
            and months_since.months_since_first_purchase = monthly.months_since_first_purchase

)

select
    cohort_month,
    months_since_first_purchase,
    cohort_customers,
    customers_active,
    cast(customers_active as double) / cohort_customers as retention_rate,
    revenue,
    cast(sum(revenue) over (
        partition by cohort_month order by months_since_first_purchase
        rows between unbounded preceding and current row
    ) as decimal(18, 2)) as cumulative_revenue,
    cast(sum(revenue) over (
        partition by cohort_month order by months_since_first_purchase
        rows between unbounded preceding and current row
    ) / cohort_customers as double) as cumulative_revenue_per_customer
from filled
