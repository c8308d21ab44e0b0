-- One row per support ticket (its latest version), with the person it belongs to after merging duplicates.
select
    ticket_id,
    contact_id,
    company_id,
    category,
    is_billing_ticket,
    priority,
    ticket_status,
    created_at,
    cast(created_at as date) as created_on,
    resolved_at,
    case
        when resolved_at is not null then {{ whole_hours_between('created_at', 'resolved_at') }}
    end as hours_to_resolve
from {{ ref('int_tickets_attributed') }}
