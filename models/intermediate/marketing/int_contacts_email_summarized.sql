{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='fail',
        post_hook="{{ delete_summaries_without_events() }}"
    )
}}
{#- Each emailed person's email events up to the as-of day, summarized: counts per event type, distinct
    campaigns, and the first or last time of the events the deliverability and engagement rules read. No rule
    and no window applies here (int_contacts_email_status and int_contacts_email_engaged apply them), so the
    model is incremental per person (macros/incremental_summaries.sql): a night summarizes again only the people
    whose events changed. -#}
{%- set kept = "contact_id is not null and occurred_at < " ~ dbt.dateadd('day', 1, as_of_date()) %}
{%- set plan = summary_refresh_plan(ref('int_email_events_attributed'), kept) %}

with

emailed_events as {{ inlined() }} (

    select
        contact_id,
        campaign_id,
        event_type,
        bounce_type,
        occurred_at,
        _built_at
    from {{ ref('int_email_events_attributed') }}
    where {{ kept }}

),

{{ events_to_summarize(plan, 'emailed_events', 'contact_id') }},

last_deliveries as (

    select
        contact_id,
        max(occurred_at) as last_delivered_at
    from events
    where event_type = 'delivered'
    group by contact_id

),

summaries as (

    select
        events.contact_id,
        count(*) as event_count,
        count(case when events.event_type = 'sent' then 1 end) as sends,
        count(distinct case when events.event_type = 'sent' then events.campaign_id end)
            as sent_campaigns,
        count(case when events.event_type = 'delivered' then 1 end) as deliveries,
        count(case when events.event_type = 'open' then 1 end) as opens,
        count(distinct case when events.event_type = 'open' then events.campaign_id end)
            as unique_opens,
        count(case when events.event_type = 'click' then 1 end) as clicks,
        count(distinct case when events.event_type = 'click' then events.campaign_id end)
            as unique_clicks,
        count(case when events.event_type = 'bounce' and events.bounce_type = 'hard' then 1 end)
            as hard_bounces,
        count(case when events.event_type = 'bounce' and events.bounce_type = 'soft' then 1 end)
            as soft_bounces,
        count(case when events.event_type = 'unsubscribe' then 1 end) as unsubscribes,
        count(case when events.event_type = 'spam_report' then 1 end) as spam_reports,
        min(
            case when events.event_type in ('unsubscribe', 'spam_report') then events.occurred_at end
        ) as unsubscribed_at,
        min(
            case
                when events.event_type = 'bounce' and events.bounce_type = 'hard'
                    then events.occurred_at
            end
        ) as hard_bounced_at,
        count(
            distinct case
                when
                    events.event_type = 'bounce'
                    and events.bounce_type = 'soft'
                    and (
                        last_deliveries.last_delivered_at is null
                        or events.occurred_at > last_deliveries.last_delivered_at
                    )
                    then events.campaign_id
            end
        ) as soft_bounces_since_delivery,
        max(case when events.event_type = 'sent' then events.occurred_at end) as last_sent_at,
        max(last_deliveries.last_delivered_at) as last_delivered_at,
        max(case when events.event_type = 'click' then events.occurred_at end) as last_click_at
    from events
    left join last_deliveries on events.contact_id = last_deliveries.contact_id
    group by events.contact_id

)

{{ summarized_rows(plan, 'contact_id', [
    'sends',
    'sent_campaigns',
    'deliveries',
    'opens',
    'unique_opens',
    'clicks',
    'unique_clicks',
    'hard_bounces',
    'soft_bounces',
    'unsubscribes',
    'spam_reports',
    'unsubscribed_at',
    'hard_bounced_at',
    'soft_bounces_since_delivery',
    'last_sent_at',
    'last_delivered_at',
    'last_click_at'
]) }}
