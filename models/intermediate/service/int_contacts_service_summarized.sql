-- Each person's support and collection load: tickets raised (all, billing, still open, in the health
-- window) and their invoices that are overdue or failed.
with

tickets as (

    select
        contact_id,
        count(*) as ticket_count,
        count(case when is_billing_ticket then 1 end) as billing_ticket_count,
        count(case when resolved_at is null then 1 end) as open_ticket_count,
        count(case when {{ within_last_days('created_at', var('health_window_days')) }} then 1 end)
            as recent_ticket_count
    from {{ ref('int_tickets_attributed') }}
    where contact_id is not null
    group by contact_id

),

billing_problems as (

    select
        contact_id,
        count(*) as billing_problem_invoice_count
    from {{ ref('int_invoices_converted') }}
    where is_billing_problem and contact_id is not null
    group by contact_id

),

people as (

    select contact_id from tickets
    union
    select contact_id from billing_problems

)

select
    people.contact_id,
    coalesce(tickets.ticket_count, 0) as ticket_count,
    coalesce(tickets.billing_ticket_count, 0) as billing_ticket_count,
    coalesce(tickets.open_ticket_count, 0) as open_ticket_count,
    coalesce(tickets.recent_ticket_count, 0) as recent_ticket_count,
    coalesce(billing_problems.billing_problem_invoice_count, 0) as billing_problem_invoice_count
from people
left join tickets on people.contact_id = tickets.contact_id
left join billing_problems on people.contact_id = billing_problems.contact_id
