{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='fail',
        post_hook="{{ delete_summaries_without_events() }}"
    )
}}
{#- Each person's web sessions up to the as-of day: how many, and which came first and last (by start time,
    then session id, so a tie always picks the same session). Only ids and times: the channel and pages of
    those sessions are joined downstream (int_contacts_sourced), so an edited channel rule applies to every
    person the next night. Incremental per person (macros/incremental_summaries.sql): a night summarizes again
    only the people whose sessions changed, not every session of the history. -#}
{%- set kept = "contact_id is not null and started_at < " ~ dbt.dateadd('day', 1, as_of_date()) %}
{%- set plan = summary_refresh_plan(ref('int_web_sessions_sourced'), kept, 'started_at') %}

with

sessions as {{ inlined() }} (

    select
        contact_id,
        session_id,
        started_at as occurred_at,
        _built_at
    from {{ ref('int_web_sessions_sourced') }}
    where {{ kept }}

),

{{ events_to_summarize(plan, 'sessions', 'contact_id') }},

ranked as (

    select
        contact_id,
        session_id,
        occurred_at,
        row_number() over (partition by contact_id order by occurred_at, session_id) as session_rank,
        count(*) over (partition by contact_id) as session_count
    from events

),

summaries as (

    select
        contact_id,
        count(*) as event_count,
        max(case when session_rank = 1 then session_id end) as first_session_id,
        min(occurred_at) as first_session_at,
        max(case when session_rank = session_count then session_id end) as latest_session_id,
        max(occurred_at) as latest_session_at
    from ranked
    group by contact_id

)

{{ summarized_rows(plan, 'contact_id', [
    'first_session_id',
    'first_session_at',
    'latest_session_id',
    'latest_session_at'
]) }}
