{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('email_events') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('email_events') %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('marketing', 'email_events'), ['event_id'], exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('marketing', 'email_events'), ['event_id'], exported) }}

),

renamed as (

    select
        -- ids
        event_id,
        campaign_id,
        contact_id,

        -- strings
        nullif(trim(campaign_name), '') as campaign_name,
        {{ normalize_email('email') }} as email,
        event_type,
        bounce_type,
        nullif(trim(url), '') as url,
        {{ url_page('url') }} as url_page,

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
