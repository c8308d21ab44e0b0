{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('activities') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('activities') %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('crm', 'activities'), ['activity_id'], exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('crm', 'activities'), ['activity_id'], exported) }}

),

renamed as (

    select
        -- ids
        activity_id,
        contact_id,
        company_id,
        owner_id,

        -- strings
        type as activity_type,

        -- timestamps
        occurred_at,

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
