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
        -- Elapsed whole hours (dbt's hour datediff counts hour boundaries on DuckDB but rounds up on Spark).
        when resolved_at is not null
            then cast(floor({{ dbt.datediff('created_at', 'resolved_at', 'second') }} / 3600) as bigint)
    end as hours_to_resolve
from {{ ref('int_tickets_attributed') }}
