-- One row per email campaign: reach, deliverability and engagement. Rates are per delivered email;
-- unique opens and clicks count recipients. Open rates are shown but inflated by machine opens.
with

events as (

    select * from {{ ref('int_email_events_attributed') }}

),

campaigns as (

    select
        campaign_id,
        max(campaign_name) as campaign_name,
        min(case when event_type = 'sent' then occurred_at end) as first_sent_at,
        count(case when event_type = 'sent' then 1 end) as sends,
        count(case when event_type = 'delivered' then 1 end) as deliveries,
        count(case when event_type = 'bounce' and bounce_type = 'hard' then 1 end) as hard_bounces,
        count(case when event_type = 'bounce' and bounce_type = 'soft' then 1 end) as soft_bounces,
        count(distinct case when event_type = 'open' then coalesce(contact_id, email) end) as unique_opens,
        count(case when event_type = 'click' then 1 end) as clicks,
        count(distinct case when event_type = 'click' then coalesce(contact_id, email) end) as unique_clicks,
        count(case when event_type = 'unsubscribe' then 1 end) as unsubscribes,
        count(case when event_type = 'spam_report' then 1 end) as spam_reports
    from events
    where campaign_id is not null
    group by campaign_id

)

select
    *,
    case when sends > 0 then cast(deliveries as double) / sends end as delivery_rate,
    case when deliveries > 0 then cast(unique_opens as double) / deliveries end as open_rate,
    case when deliveries > 0 then cast(unique_clicks as double) / deliveries end as click_rate,
    case when unique_opens > 0 then cast(unique_clicks as double) / unique_opens end as click_to_open_rate,
    case when deliveries > 0 then cast(unsubscribes as double) / deliveries end as unsubscribe_rate
from campaigns
