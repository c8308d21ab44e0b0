{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='session_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_keys_gone_upstream(ref('int_web_sessions_sourced'), 'session_id') }}",
        post_hook="{{ save_held_inputs('inputs', session_attribution_inputs()) }}"
    )
}}
{#- Each web session with its channel and the content group of its entry page. Stamped like the event models
    (macros/incremental_restamped.sql), so the scoring events and interest actions of a session are derived
    again only when it changed: a night derives the sessions int_web_sessions_sourced wrote since this
    model's latest build, and the held sessions whose traffic source or entry page got another channel or
    content group (the inputs are kept beside the model, macros/held_inputs.sql); of those it writes only the
    ones whose values changed. Sessions gone upstream (their export day read again without them) go. -#}
{%- set plan = latest_stamp_plan() %}
{%- set session_columns = [
    'session_id', 'visitor_id', 'contact_id', 'contact_link', 'started_at', 'landing_page',
    'source', 'medium', 'campaign', 'utm_content', 'utm_term', '_export_date',
] %}
{%- set derived_columns = ['source_category', 'channel', 'landing_content_group'] %}
{%- set held_filter = held_rows_to_derive_again(
    'inputs', session_attribution_inputs(), {'traffic_source': traffic_source_key(), 'page': 'landing_page'}
) if plan.mode == 'since' else none %}

with

restamped_sessions as (

    select
        {% for column in session_columns -%}
            {{ column }},
        {% endfor -%}
        cast(null as {{ dbt.type_string() }}) as held_source_category,
        cast(null as {{ dbt.type_string() }}) as held_channel,
        cast(null as {{ dbt.type_string() }}) as held_landing_content_group,
        false as is_held
    from {{ ref('int_web_sessions_sourced') }}
    where {{ restamped_since(plan) }}

),

sessions as (

    select * from restamped_sessions
    {%- if plan.mode == 'since' %}

    union all

    select
        {% for column in session_columns -%}
            {{ column }},
        {% endfor -%}
        source_category as held_source_category,
        channel as held_channel,
        landing_content_group as held_landing_content_group,
        true as is_held
    from {{ this }}
    where
        ({{ held_filter if held_filter is not none else '1 = 1' }})
        and session_id not in (select restamped_sessions.session_id from restamped_sessions)
    {%- endif %}

),

derived as (

    select
        sessions.*,
        pages.content_group as landing_content_group,
        classified.source_category,
        classified.channel
    from sessions
    inner join {{ ref('int_traffic_sources_classified') }} as classified
        on
            sessions.source = classified.source
            and sessions.medium = classified.medium
            and sessions.campaign = classified.campaign
    left join {{ ref('int_pages_grouped') }} as pages
        on sessions.landing_page = pages.page

)

select
    session_id,
    visitor_id,
    contact_id,
    contact_link,
    started_at,
    landing_page,
    landing_content_group,
    source,
    medium,
    campaign,
    utm_content,
    utm_term,
    source_category,
    channel,
    _export_date,
    {{ built_at() }} as _built_at
from derived
where {{ derived_values_changed(derived_columns) }}
