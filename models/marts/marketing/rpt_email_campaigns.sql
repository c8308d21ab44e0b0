-- One row per email campaign: reach, deliverability and engagement. Rates are per delivered email;
-- unique opens and clicks count recipients. Open rates are shown but inflated by machine opens.
select
    campaign_id,
    campaign_name,
    first_sent_at,
    sends,
    deliveries,
    hard_bounces,
    soft_bounces,
    unique_opens,
    clicks,
    unique_clicks,
    unsubscribes,
    spam_reports,
    case when sends > 0 then cast(deliveries as double) / sends end as delivery_rate,
    case when deliveries > 0 then cast(unique_opens as double) / deliveries end as open_rate,
    case when deliveries > 0 then cast(unique_clicks as double) / deliveries end as click_rate,
    case when unique_opens > 0 then cast(unique_clicks as double) / unique_opens end as click_to_open_rate,
    case when deliveries > 0 then cast(unsubscribes as double) / deliveries end as unsubscribe_rate
from {{ ref('int_email_campaigns_summarized') }}
