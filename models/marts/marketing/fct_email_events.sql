{{ config(materialized=published_view()) }}
-- One row per email event, with the person it concerns and the campaign it belongs to.
select
    event_id,
    campaign_id,
    campaign_name,
    contact_id,
    event_type,
    bounce_type,
    url_page as clicked_page,
    occurred_at,
    cast(occurred_at as date) as occurred_on,
    _built_at
from {{ ref('int_email_events_attributed') }}
