-- Each emailed person's deliverability: unsubscribed (an unsubscribe or spam report), hard_bounced (one hard
-- bounce), soft_bouncing (soft_bounce_threshold or more soft-bounced sends since the last delivery), else
-- deliverable. Unsubscribed outranks hard_bounced, which outranks soft_bouncing.
with

events as (

    select *
    from {{ ref('int_email_events_attributed') }}
    where contact_id is not null and occurred_at < {{ dbt.dateadd('day', 1, as_of_date()) }}

),

last_delivery as (

    select
        contact_id,
        max(occurred_at) as last_delivered_at
    from events
    where event_type = 'delivered'
    group by contact_id

),

summary as (

    select
        events.contact_id,
        count(distinct case when events.event_type = 'sent' then events.campaign_id end) as sends,
        min(case when events.event_type in ('unsubscribe', 'spam_report') then events.occurred_at end)
            as unsubscribed_at,
        min(case when events.event_type = 'bounce' and events.bounce_type = 'hard' then events.occurred_at end)
            as hard_bounced_at,
        count(
            distinct case
                when
                    events.event_type = 'bounce'
                    and events.bounce_type = 'soft'
                    and (
                        last_delivery.last_delivered_at is null
                        or events.occurred_at > last_delivery.last_delivered_at
                    )
                    then events.campaign_id
            end
        ) as soft_bounces_since_delivery,
        max(last_delivery.last_delivered_at) as last_delivered_at
    from events
    left join last_delivery on events.contact_id = last_delivery.contact_id
    group by events.contact_id

)

select
    *,
    case
        when unsubscribed_at is not null then 'unsubscribed'
        when hard_bounced_at is not null then 'hard_bounced'
        when soft_bounces_since_delivery >= {{ var('soft_bounce_threshold') }} then 'soft_bouncing'
        else 'deliverable'
    end as email_status
from summary
