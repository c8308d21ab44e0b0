-- Segment health over time: one row per segment × calendar month in which its current members did
-- anything measured (created, converted, paid, raised a ticket, had a billing problem, got or clicked an
-- email). Membership is today's (as of the as-of date): the trend shows how the people in a segment now got
-- there.
with

created as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as activity_month,
        1 as new_contacts,
        0 as new_customers,
        0 as revenue,
        0 as tickets,
        0 as billing_problems,
        0 as email_deliveries,
        0 as email_clicks
    from {{ ref('dim_contacts') }}
    where created_at is not null

),

converted as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'became_customer_at') }} as date) as activity_month,
        0 as new_contacts,
        1 as new_customers,
        0 as revenue,
        0 as tickets,
        0 as billing_problems,
        0 as email_deliveries,
        0 as email_clicks
    from {{ ref('dim_contacts') }}
    where became_customer_at is not null

),

invoiced as (

    select
        contact_id,
        issued_month as activity_month,
        0 as new_contacts,
        0 as new_customers,
        revenue_reporting as revenue,
        0 as tickets,
        case when is_billing_problem then 1 else 0 end as billing_problems,
        0 as email_deliveries,
        0 as email_clicks
    from {{ ref('fct_invoices') }}
    where contact_id is not null

),

ticketed as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as activity_month,
        0 as new_contacts,
        0 as new_customers,
        0 as revenue,
        1 as tickets,
        case when is_billing_ticket then 1 else 0 end as billing_problems,
        0 as email_deliveries,
        0 as email_clicks
    from {{ ref('fct_tickets') }}
    where contact_id is not null

),

emailed as (

    select
        contact_id,
        activity_month,
        0 as new_contacts,
        0 as new_customers,
        0 as revenue,
        0 as tickets,
        0 as billing_problems,
        email_deliveries,
        email_clicks
    from {{ ref('int_contact_months_emailed') }}

),

contact_months as (

    select
        contact_id,
        activity_month,
        sum(new_contacts) as new_contacts,
        sum(new_customers) as new_customers,
        sum(revenue) as revenue,
        sum(tickets) as tickets,
        sum(billing_problems) as billing_problems,
        sum(email_deliveries) as email_deliveries,
        sum(email_clicks) as email_clicks
    from (
        select * from created
        union all
        select * from converted
        union all
        select * from invoiced
        union all
        select * from ticketed
        union all
        select * from emailed
    ) as activities
    group by contact_id, activity_month

)

-- One row per contact and month joined to one row per contact and segment: a segment's month meets each of
-- its contacts at most once, so counting rows counts contacts (no distinct, which is costly at this size).
select
    segments.segment_family,
    segments.segment,
    contact_months.activity_month,
    count(*) as active_contacts,
    cast(sum(contact_months.new_contacts) as bigint) as new_contacts,
    cast(sum(contact_months.new_customers) as bigint) as new_customers,
    cast(sum(contact_months.revenue) as decimal(18, 2)) as revenue,
    cast(sum(contact_months.tickets) as bigint) as tickets,
    cast(sum(contact_months.billing_problems) as bigint) as billing_problems,
    cast(sum(contact_months.email_deliveries) as bigint) as email_deliveries,
    cast(sum(contact_months.email_clicks) as bigint) as email_clicks,
    case
        when sum(contact_months.email_deliveries) > 0
            then cast(sum(contact_months.email_clicks) as double) / sum(contact_months.email_deliveries)
    end as click_rate
from {{ ref('contact_segments') }} as segments
inner join contact_months on segments.contact_id = contact_months.contact_id
group by segments.segment_family, segments.segment, contact_months.activity_month
