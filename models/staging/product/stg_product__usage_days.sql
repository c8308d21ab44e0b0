{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='usage_day_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('product_usage') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('product_usage') %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('product', 'product_usage'), ['company_id', 'usage_date'], exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('product', 'product_usage'), ['company_id', 'usage_date'], exported) }}

),

renamed as (

    select
        -- ids
        {{ dbt.concat(['company_id', "'|'", dbt.cast('usage_date', dbt.type_string())]) }} as usage_day_id,
        company_id,

        -- numerics
        coalesce(active_users, 0) as active_users,
        coalesce(events, 0) as product_events,

        -- dates
        usage_date,

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
