-- Each emailed person's email engagement: counts of every event type, unique opens and clicks (distinct
-- campaigns), last click, click-through rate (unique clicks per delivered email), and an engagement segment.
-- Opens are counted but never read as interest: machine opens (security scanners) make them unreliable.
with

events as (

    select *
    from {{ ref('int_email_events_attributed') }}
    where contact_id is not null and {{ days_before_as_of('occurred_at') }} >= 0

),

summary as (

    select
        contact_id,
        count(case when event_type = 'sent' then 1 end) as sends,
        count(case when event_type = 'delivered' then 1 end) as deliveries,
        count(case when event_type = 'open' then 1 end) as opens,
        count(distinct case when event_type = 'open' then campaign_id end) as unique_opens,
        count(case when event_type = 'click' then 1 end) as clicks,
        count(distinct case when event_type = 'click' then campaign_id end) as unique_clicks,
        count(case when event_type = 'bounce' and bounce_type = 'hard' then 1 end) as hard_bounces,
        count(case when event_type = 'bounce' and bounce_type = 'soft' then 1 end) as soft_bounces,
        count(case when event_type = 'unsubscribe' then 1 end) as unsubscribes,
        count(case when event_type = 'spam_report' then 1 end) as spam_reports,
        max(case when event_type = 'sent' then occurred_at end) as last_sent_at,
        max(case when event_type = 'click' then occurred_at end) as last_click_at,
        count(
            case
                when event_type = 'delivered' and {{ within_last_days('occurred_at', var('engagement_window_days')) }}
                    then 1
            end
        ) as deliveries_in_window
    from events
    group by contact_id

)

select
    *,
    case when deliveries > 0 then cast(unique_clicks as double) / deliveries end as click_through_rate,
    case
        when sends = 0 then 'never emailed'
        when {{ within_last_days('last_click_at', var('engagement_recent_days')) }}
            then 'clicked in last {{ var("engagement_recent_days") }} days'
        when {{ within_last_days('last_click_at', var('engagement_window_days')) }}
            then 'clicked in last {{ var("engagement_window_days") }} days'
        when deliveries_in_window > 0 then 'no clicks in {{ var("engagement_window_days") }} days'
        else 'not emailed in {{ var("engagement_window_days") }} days'
    end as email_engagement
from summary
