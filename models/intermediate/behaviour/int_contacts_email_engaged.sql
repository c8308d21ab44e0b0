-- Each emailed person's email engagement: counts of every event type, unique opens and clicks (distinct
-- campaigns), last click, click-through rate (unique clicks per delivered email), and an engagement segment.
-- Opens are counted but never read as interest: machine opens (security scanners) make them unreliable.
select
    contact_id,
    sends,
    deliveries,
    opens,
    unique_opens,
    clicks,
    unique_clicks,
    hard_bounces,
    soft_bounces,
    unsubscribes,
    spam_reports,
    last_sent_at,
    last_click_at,
    last_delivered_at,
    case when deliveries > 0 then cast(unique_clicks as double) / deliveries end as click_through_rate,
    case
        when sends = 0 then 'never emailed'
        when {{ within_last_days('last_click_at', var('engagement_recent_days')) }}
            then 'clicked in last {{ var("engagement_recent_days") }} days'
        when {{ within_last_days('last_click_at', var('engagement_window_days')) }}
            then 'clicked in last {{ var("engagement_window_days") }} days'
        when {{ within_last_days('last_delivered_at', var('engagement_window_days')) }}
            then 'no clicks in {{ var("engagement_window_days") }} days'
        else 'not emailed in {{ var("engagement_window_days") }} days'
    end as email_engagement
from {{ ref('int_contacts_email_summarized') }}
