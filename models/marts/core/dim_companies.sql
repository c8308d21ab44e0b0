-- One row per CRM company: firmographics, ICP fit, customer status and revenue.
with

contacts as (

    select
        company_id,
        count(*) as contact_count,
        count(case when is_marketing_contact then 1 end) as marketing_contact_count
    from {{ ref('dim_contacts') }}
    where company_id is not null
    group by company_id

)

select
    -- identity
    companies.company_id,
    companies.company_name,
    companies.domain,
    companies.industry,
    companies.country,
    companies.city,

    -- size
    companies.employee_count,
    size_bands.size_band,
    companies.annual_revenue,
    companies.currency,

    -- ownership
    companies.owner_id,
    owners.owner_name,
    owners.team as owner_team,

    -- fit
    scores.icp_score,
    scores.icp_tier,
    scores.icp_points_detail,

    -- people
    coalesce(contacts.contact_count, 0) as contact_count,
    coalesce(contacts.marketing_contact_count, 0) as marketing_contact_count,

    -- revenue
    purchases.became_customer_at is not null as is_customer,
    purchases.became_customer_at,
    coalesce(purchases.purchase_count, 0) as purchase_count,
    cast(coalesce(purchases.revenue_total, 0) as double) as revenue_total,
    purchases.first_purchase_at,
    purchases.last_purchase_at,
    purchases.products_bought,
    purchases.main_product,
    purchases.plan_tier,
    cast(coalesce(purchases.revenue_total, 0) as double) as historical_ltv,

    -- service health (window of health_window_days up to the as-of date)
    serviced.active_users_avg,
    serviced.product_events as product_events_in_window,
    serviced.last_usage_date,
    serviced.recent_ticket_count,
    serviced.recent_billing_ticket_count,
    serviced.open_billing_problem_count,
    serviced.health_status,

    companies.created_at,
    {{ as_of_date() }} as as_of_date

from {{ ref('stg_crm__companies') }} as companies
left join {{ ref('stg_crm__owners') }} as owners on companies.owner_id = owners.owner_id
left join {{ ref('int_companies_icp_scored') }} as scores on companies.company_id = scores.company_id
left join {{ ref('int_companies_purchases_summarized') }} as purchases
    on companies.company_id = purchases.company_id
left join contacts on companies.company_id = contacts.company_id
left join {{ ref('int_companies_serviced') }} as serviced on companies.company_id = serviced.company_id
left join {{ ref('company_size_bands') }} as size_bands
    on
        (companies.employee_count is null and size_bands.min_employees is null)
        or (
            companies.employee_count >= size_bands.min_employees
            and (size_bands.max_employees is null or companies.employee_count <= size_bands.max_employees)
        )
