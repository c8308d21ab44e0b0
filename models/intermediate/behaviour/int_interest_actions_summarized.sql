{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='fail',
        post_hook="{{ delete_summaries_without_events() }}"
    )
}}
{#- Each person's interest actions up to the as-of day, per topic: how many, of how many types, and the last.
    No window and no level (int_contacts_interests applies them to the recent actions only), so the model is
    incremental per person (macros/incremental_summaries.sql): a night summarizes again only the people whose
    actions changed, not every action of the history. event_count is the person's actions over all topics
    (what the incremental plan compares), actions_total the topic's. -#}
{%- set kept = 'acted_at < ' ~ dbt.dateadd('day', 1, as_of_date()) %}
{%- set plan = summary_refresh_plan(ref('int_interest_actions'), kept, 'acted_at') %}

with

actions as {{ inlined() }} (

    select
        contact_id,
        topic,
        action_type,
        acted_at as occurred_at,
        _built_at
    from {{ ref('int_interest_actions') }}
    where {{ kept }}

),

{{ events_to_summarize(plan, 'actions', 'contact_id') }},

topics as (

    select
        contact_id,
        topic,
        count(*) as actions_total,
        count(distinct action_type) as action_types,
        max(occurred_at) as last_acted_at
    from events
    group by contact_id, topic

),

summaries as (

    select
        topics.*,
        cast(sum(topics.actions_total) over (partition by topics.contact_id) as bigint) as event_count
    from topics

)

{{ summarized_rows(plan, 'contact_id', ['topic', 'actions_total', 'action_types', 'last_acted_at']) }}
