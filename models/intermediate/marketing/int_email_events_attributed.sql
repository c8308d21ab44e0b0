-- Each email event with the person it concerns: by the CRM contact id the email tool synced, else by email.
select
    events.event_id,
    events.campaign_id,
    events.campaign_name,
    events.event_type,
    events.bounce_type,
    events.url,
    events.url_page,
    events.occurred_at,
    events.email,
    events._export_date,
    coalesce(identities.survivor_contact_id, by_email.contact_id) as contact_id
from {{ ref('stg_marketing__email_events') }} as events
left join {{ ref('int_contact_identities_resolved') }} as identities
    on events.contact_id = identities.contact_id
left join {{ ref('int_contacts_merged') }} as by_email
    on events.email = by_email.email and by_email.is_email_valid
