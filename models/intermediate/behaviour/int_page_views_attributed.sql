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
{%- set carried = {
    'page_view_id': 'page_view_id',
    'session_id': 'session_id',
    'page': 'page',
    'viewed_at': 'viewed_at',
} %}
{%- set derived_columns = ['contact_id', 'content_group'] %}

with

page_views as (

    {{ changed_days_and_held_rows(ref('stg_marketing__page_views'), carried, derived_columns) }}

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
    _loaded_at,
    {{ built_at() }} as _built_at
from derived
where {{ derived_values_changed(derived_columns) }}
