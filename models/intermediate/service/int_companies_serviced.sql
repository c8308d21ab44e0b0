-- Each company's service picture over the health window (var health_window_days, ending on the as-of
-- date): product usage, tickets, overdue or failed invoices, and the health status those imply.
with

usage as (

    select
        company_id,
        avg(active_users) as active_users_avg,
        cast(sum(product_events) as bigint) as product_events,
        max(usage_date) as last_usage_date
    from {{ ref('stg_product__usage_days') }}
    where {{ within_last_days('usage_date', var('health_window_days')) }}
    group by company_id

),

tickets as (

    select
        company_id,
        count(*) as recent_ticket_count,
        count(case when is_billing_ticket then 1 end) as recent_billing_ticket_count
    from {{ ref('int_tickets_attributed') }}
    where company_id is not null and {{ within_last_days('created_at', var('health_window_days')) }}
    group by company_id

),

billing_problems as (

    select
        company_id,
        count(*) as open_billing_problem_count
    from {{ ref('int_invoices_converted') }}
    where is_billing_problem and company_id is not null
    group by company_id

),

customers as (

    select
        company_id,
        became_customer_at
    from {{ ref('int_companies_purchases_summarized') }}

),

companies as (

    select
        companies.company_id,
        customers.became_customer_at is not null as is_customer,
        coalesce(usage.active_users_avg, 0) as active_users_avg,
        coalesce(usage.product_events, 0) as product_events,
        usage.last_usage_date,
        coalesce(tickets.recent_ticket_count, 0) as recent_ticket_count,
        coalesce(tickets.recent_billing_ticket_count, 0) as recent_billing_ticket_count,
        coalesce(billing_problems.open_billing_problem_count, 0) as open_billing_problem_count
    from {{ ref('stg_crm__companies') }} as companies
    left join customers on companies.company_id = customers.company_id
    left join usage on companies.company_id = usage.company_id
    left join tickets on companies.company_id = tickets.company_id
    left join billing_problems on companies.company_id = billing_problems.company_id

)

select
    *,
    case
        when not is_customer then 'not a customer'
        when open_billing_problem_count > 0 or product_events = 0 then 'at risk'
        when recent_ticket_count >= {{ var('health_watch_ticket_count') }} then 'watch'
        else 'healthy'
    end as health_status
from companies
