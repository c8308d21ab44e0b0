{%- set counted = "contact_id is not null and event_type in ('delivered', 'click')" -%}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_partials_counted_differently(ref('int_email_events_attributed'), \"" ~ counted ~ "\") }}"
    )
}}
{#- Email deliveries and clicks per person and calendar month, as partial sums per stamp of the attributed
    events (macros/stamp_partials.sql): a night derives only the stamps whose events changed, instead of
    grouping every email event of the history again. -#}

with

counted_events as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as activity_month,
        event_type,
        _built_at
    from {{ ref('int_email_events_attributed') }}
    where {{ counted }}
    {%- if is_incremental() %}
        -- The pre-hook left only the stamps both sides count alike: every other stamp is derived here.
        and _built_at not in (select distinct held._built_at from {{ this }} as held)
    {%- endif %}

)

select
    contact_id,
    activity_month,
    _built_at,
    count(*) as counted_rows,
    count(case when event_type = 'delivered' then 1 end) as email_deliveries,
    count(case when event_type = 'click' then 1 end) as email_clicks
from counted_events
group by contact_id, activity_month, _built_at
