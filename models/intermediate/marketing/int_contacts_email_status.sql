-- Each emailed person's deliverability: unsubscribed (an unsubscribe or spam report), hard_bounced (one hard
-- bounce), soft_bouncing (soft_bounce_threshold or more soft-bounced sends since the last delivery), else
-- deliverable. Unsubscribed outranks hard_bounced, which outranks soft_bouncing.
select
    contact_id,
    sent_campaigns as sends,
    unsubscribed_at,
    hard_bounced_at,
    soft_bounces_since_delivery,
    last_delivered_at,
    case
        when unsubscribed_at is not null then 'unsubscribed'
        when hard_bounced_at is not null then 'hard_bounced'
        when soft_bounces_since_delivery >= {{ var('soft_bounce_threshold') }} then 'soft_bouncing'
        else 'deliverable'
    end as email_status
from {{ ref('int_contacts_email_summarized') }}
