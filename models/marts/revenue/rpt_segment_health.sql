-- One row per segment (segment family × segment of contact_segments), plus a baseline row for all
-- contacts: size, conversion, revenue and LTV, pipeline, service and billing load, engagement, usage and fit,
-- and the quadrant of performance (revenue per contact against the baseline) × potential (ICP fit and open
-- pipeline per contact against the baseline, weighted by vars potential_icp_weight/potential_pipeline_weight).
-- Inputs are cast to decimals before they are added up, so a rebuild gives the same numbers to the last digit
-- whatever order the engine adds them in.
with

people as (

    select
        contacts.contact_id,
        contacts.company_id,
        contacts.is_customer,
        cast(contacts.revenue_total as decimal(18, 2)) as revenue_total,
        cast(contacts.open_pipeline_amount as decimal(18, 2)) as open_pipeline_amount,
        contacts.ticket_count,
        contacts.billing_ticket_count,
        contacts.billing_problem_invoice_count,
        contacts.email_deliveries,
        contacts.email_unique_clicks,
        cast(contacts.company_icp_score as decimal(9, 4)) as company_icp_score,
        cast(contacts.person_icp_score as decimal(9, 4)) as person_icp_score,
        cast(clv.predicted_clv as decimal(18, 2)) as predicted_clv
    from {{ ref('dim_contacts') }} as contacts
    left join {{ ref('fct_customer_clv') }} as clv on contacts.contact_id = clv.contact_id

),

-- Read by two joins; scanning contact_segments for each costs less than holding its 31M rows in between
-- (DuckDB would materialize a CTE read twice).
memberships as {{ inlined() }} (

    select
        segment_family,
        segment,
        contact_id
    from {{ ref('contact_segments') }}
    union all
    select
        'all' as segment_family,
        'all contacts' as segment,
        contact_id
    from people

),

measured as (

    select
        memberships.segment_family,
        memberships.segment,
        count(*) as contacts,
        count(case when people.is_customer then 1 end) as customers,
        coalesce(sum(people.revenue_total), 0) as revenue,
        avg(case when people.is_customer then people.revenue_total end) as historical_ltv_mean,
        {{ median('case when people.is_customer then people.revenue_total end') }} as historical_ltv_median,
        avg(case when people.is_customer then people.predicted_clv end) as predicted_clv_mean,
        sum(people.predicted_clv) as predicted_clv_total,
        coalesce(sum(people.open_pipeline_amount), 0) as open_pipeline,
        sum(case when people.is_customer then people.ticket_count else 0 end) as customer_tickets,
        sum(
            case
                when people.is_customer then people.billing_ticket_count + people.billing_problem_invoice_count
                else 0
            end
        ) as customer_billing_problems,
        sum(people.email_deliveries) as email_deliveries,
        sum(people.email_unique_clicks) as email_unique_clicks,
        avg(people.company_icp_score) as avg_company_icp_score,
        avg(people.person_icp_score) as avg_person_icp_score
    from memberships
    inner join people on memberships.contact_id = people.contact_id
    group by memberships.segment_family, memberships.segment

),

customer_accounts as (

    select distinct
        memberships.segment_family,
        memberships.segment,
        people.company_id
    from memberships
    inner join people on memberships.contact_id = people.contact_id
    where people.is_customer and people.company_id is not null

),

usage as (

    select
        customer_accounts.segment_family,
        customer_accounts.segment,
        avg(cast(companies.active_users_avg as decimal(18, 4))) as active_users_per_account
    from customer_accounts
    inner join {{ ref('dim_companies') }} as companies on customer_accounts.company_id = companies.company_id
    group by customer_accounts.segment_family, customer_accounts.segment

),

rated as (

    select
        measured.*,
        usage.active_users_per_account,
        cast(measured.customers as double) / measured.contacts as conversion_rate,
        measured.revenue / measured.contacts as revenue_per_contact,
        case when measured.customers > 0 then measured.revenue / measured.customers end as revenue_per_customer,
        measured.open_pipeline / measured.contacts as pipeline_per_contact,
        case when measured.customers > 0 then cast(measured.customer_tickets as double) / measured.customers end
            as tickets_per_customer,
        case
            when measured.customers > 0 then cast(measured.customer_billing_problems as double) / measured.customers
        end as billing_problems_per_customer,
        case
            when measured.email_deliveries > 0
                then cast(measured.email_unique_clicks as double) / measured.email_deliveries
        end as click_rate
    from measured
    left join usage
        on measured.segment_family = usage.segment_family and measured.segment = usage.segment

),

baseline as (

    select
        revenue_per_contact,
        avg_company_icp_score,
        pipeline_per_contact
    from rated
    where segment_family = 'all'

),

indexed as (

    select
        rated.*,
        case
            when baseline.revenue_per_contact > 0 then rated.revenue_per_contact / baseline.revenue_per_contact
        end as performance_index,
        (
            case
                when baseline.avg_company_icp_score > 0
                    then {{ var('potential_icp_weight') }}
                        * coalesce(rated.avg_company_icp_score, 0) / baseline.avg_company_icp_score
                else 0
            end
            + case
                when baseline.pipeline_per_contact > 0
                    then {{ var('potential_pipeline_weight') }}
                        * rated.pipeline_per_contact / baseline.pipeline_per_contact
                else 0
            end
        ) / nullif(
            case when baseline.avg_company_icp_score > 0 then {{ var('potential_icp_weight') }} else 0 end
            + case when baseline.pipeline_per_contact > 0 then {{ var('potential_pipeline_weight') }} else 0 end,
            0
        ) as potential_index
    from rated
    cross join baseline

)

select
    segment_family,
    segment,
    contacts,
    customers,
    cast(conversion_rate as double) as conversion_rate,
    cast(revenue as decimal(18, 2)) as revenue,
    cast(revenue_per_contact as double) as revenue_per_contact,
    cast(revenue_per_customer as double) as revenue_per_customer,
    cast(historical_ltv_mean as double) as historical_ltv_mean,
    cast(historical_ltv_median as double) as historical_ltv_median,
    cast(predicted_clv_mean as double) as predicted_clv_mean,
    cast(predicted_clv_total as double) as predicted_clv_total,
    cast(open_pipeline as decimal(18, 2)) as open_pipeline,
    cast(pipeline_per_contact as double) as pipeline_per_contact,
    cast(tickets_per_customer as double) as tickets_per_customer,
    cast(billing_problems_per_customer as double) as billing_problems_per_customer,
    cast(click_rate as double) as click_rate,
    cast(active_users_per_account as double) as active_users_per_account,
    cast(avg_company_icp_score as double) as avg_company_icp_score,
    cast(avg_person_icp_score as double) as avg_person_icp_score,
    cast(performance_index as double) as performance_index,
    cast(potential_index as double) as potential_index,
    case
        when segment_family = 'all' then 'baseline'
        when contacts < {{ var('health_min_contacts') }} then 'too small to judge'
        when coalesce(performance_index, 0) >= 1 and coalesce(potential_index, 0) >= 1
            then 'performing, high potential'
        when coalesce(performance_index, 0) >= 1 then 'performing, low potential'
        when coalesce(potential_index, 0) >= 1 then 'underperforming, high potential'
        else 'underperforming, low potential'
    end as quadrant,
    '{{ var("reporting_currency") }}' as reporting_currency,
    {{ as_of_date() }} as as_of_date
from indexed
