{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='session_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('web_sessions') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('web_sessions') %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('marketing', 'web_sessions'), ['session_id'], exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('marketing', 'web_sessions'), ['session_id'], exported) }}

),

renamed as (

    select
        -- ids
        session_id,
        visitor_id,
        contact_id,

        -- entry page and referrer
        nullif(trim(landing_page_url), '') as landing_page_url,
        {{ url_page('landing_page_url') }} as landing_page,
        nullif(trim(referrer_url), '') as referrer_url,
        {{ url_host('referrer_url') }} as referrer_host,

        -- utm tags: the export's columns, else the entry URL's query string
        coalesce(
            nullif(trim(utm_source), ''), {{ url_query_param('landing_page_url', 'utm_source') }}
        ) as utm_source,
        coalesce(
            nullif(trim(utm_medium), ''), {{ url_query_param('landing_page_url', 'utm_medium') }}
        ) as utm_medium,
        coalesce(
            nullif(trim(utm_campaign), ''), {{ url_query_param('landing_page_url', 'utm_campaign') }}
        ) as utm_campaign,
        coalesce(
            nullif(trim(utm_content), ''), {{ url_query_param('landing_page_url', 'utm_content') }}
        ) as utm_content,
        coalesce(
            nullif(trim(utm_term), ''), {{ url_query_param('landing_page_url', 'utm_term') }}
        ) as utm_term,

        -- timestamps
        started_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number,
        _loaded_at,
        {{ built_at() }} as _built_at

    from source
    where version_rank = 1

)

select * from renamed
