{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='page_view_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('page_views') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('page_views') %}
{%- set keys = ['session_id', 'url', 'viewed_at'] %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('marketing', 'page_views'), keys, exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('marketing', 'page_views'), keys, exported) }}

),

renamed as (

    select
        -- ids
        {{ dbt.hash(dbt.concat(['session_id', "'|'", 'url', "'|'", dbt.cast('viewed_at', dbt.type_string())])) }}
            as page_view_id,
        session_id,
        visitor_id,

        -- strings
        url,
        {{ url_page('url') }} as page,

        -- timestamps
        viewed_at,

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
