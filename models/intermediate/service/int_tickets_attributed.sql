-- Each support ticket with the person it belongs to after merging duplicates, and that person's company
-- when the ticket names none.
select
    tickets.ticket_id,
    identities.survivor_contact_id as contact_id,
    coalesce(tickets.company_id, people.company_id) as company_id,
    tickets.category,
    tickets.category = 'billing' as is_billing_ticket,
    tickets.priority,
    tickets.ticket_status,
    tickets.created_at,
    tickets.resolved_at
from {{ ref('stg_support__tickets') }} as tickets
left join {{ ref('int_contact_identities_resolved') }} as identities
    on tickets.contact_id = identities.contact_id
left join {{ ref('int_contacts_companies_matched') }} as people
    on identities.survivor_contact_id = people.contact_id
