{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_partials_derived_again(ref('int_email_events_attributed')) }}"
    )
}}
{#- Email deliveries and clicks per person and calendar month, as partial sums per stamp of the attributed
    events (macros/stamp_partials.sql): a night derives only the stamps whose events changed, instead of
    grouping every email event of the history again. -#}
{%- set derived_again = stamp_derived_again(stamps_to_derive_again(ref('int_email_events_attributed'))) %}

with

stamps as (

    select
        _built_at,
        count(*) as stamp_rows
    from {{ ref('int_email_events_attributed') }}
    where {{ derived_again }}
    group by _built_at

),

counted_events as (

    select
        contact_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as activity_month,
        event_type,
        _built_at
    from {{ ref('int_email_events_attributed') }}
    where
        contact_id is not null
        and event_type in ('delivered', 'click')
        and {{ derived_again }}

),

partials as (

    select
        contact_id,
        activity_month,
        _built_at,
        count(*) as counted_rows,
        count(case when event_type = 'delivered' then 1 end) as email_deliveries,
        count(case when event_type = 'click' then 1 end) as email_clicks
    from counted_events
    group by contact_id, activity_month, _built_at

)

select
    partials.contact_id,
    partials.activity_month,
    partials._built_at,
    partials.counted_rows,
    partials.email_deliveries,
    partials.email_clicks,
    stamps.stamp_rows
from partials
inner join stamps on partials._built_at = stamps._built_at
