{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='campaign_id',
        on_schema_change='fail',
        post_hook="{{ delete_summaries_without_events() }}"
    )
}}
{#- Each email campaign's events, summarized: sends, deliveries, bounces, recipients who opened or clicked
    (by person, else by email), clicks, unsubscribes and spam reports. Incremental per campaign
    (macros/incremental_summaries.sql): a night summarizes again only the campaigns whose events changed,
    which are mostly the few still being sent or read. -#}
{%- set kept = 'campaign_id is not null' %}
{%- set plan = summary_refresh_plan(ref('int_email_events_attributed'), kept, key_column='campaign_id') %}

with

campaign_events as {{ inlined() }} (

    select
        campaign_id,
        campaign_name,
        contact_id,
        email,
        event_type,
        bounce_type,
        occurred_at,
        _built_at
    from {{ ref('int_email_events_attributed') }}
    where {{ kept }}

),

{{ events_to_summarize(plan, 'campaign_events', 'campaign_id') }},

summaries as (

    select
        campaign_id,
        count(*) as event_count,
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
    group by campaign_id

)

{{ summarized_rows(plan, 'campaign_id', [
    'campaign_name',
    'first_sent_at',
    'sends',
    'deliveries',
    'hard_bounces',
    'soft_bounces',
    'unique_opens',
    'clicks',
    'unique_clicks',
    'unsubscribes',
    'spam_reports'
]) }}
