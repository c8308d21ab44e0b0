{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='page_view_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_changed_export_days(ref('stg_marketing__page_views')) }}"
    )
}}
{#- Each page view with the person behind its session and the page's content group. Incremental by export
    day (macros/incremental_days.sql): a night reads only the changed export days from staging. A held view's
    person (visitor stitching, merges) or content group (edited grouping rules) can still change, so the views
    already held are derived again and those that changed are rewritten. -#}
{%- set plan = changed_export_days(ref('stg_marketing__page_views')) %}

with

page_views as (

    select
        page_view_id,
        session_id,
        page,
        viewed_at,
        _export_date,
        _loaded_at,
        cast(null as {{ dbt.type_string() }}) as held_contact_id,
        cast(null as {{ dbt.type_string() }}) as held_content_group,
        false as is_held
    from {{ ref('stg_marketing__page_views') }}
    where {{ export_days_condition(plan) }}

    {% if is_incremental() and plan.mode != 'full' -%}
        union all

        select
            page_view_id,
            session_id,
            page,
            viewed_at,
            _export_date,
            _loaded_at,
            contact_id as held_contact_id,
            content_group as held_content_group,
            true as is_held
        from {{ this }}
        where not ({{ export_days_condition(plan) }})
    {%- endif %}

),

derived as (

    select
        page_views.*,
        sessions.contact_id,
        pages.content_group
    from page_views
    left join {{ ref('int_web_sessions_attributed') }} as sessions on page_views.session_id = sessions.session_id
    left join {{ ref('int_pages_grouped') }} as pages on page_views.page = pages.page

)

select
    page_view_id,
    session_id,
    contact_id,
    page,
    content_group,
    viewed_at,
    _export_date,
    _loaded_at
from derived
where
    not is_held
    or coalesce(contact_id, '') <> coalesce(held_contact_id, '')
    or coalesce(content_group, '') <> coalesce(held_content_group, '')
