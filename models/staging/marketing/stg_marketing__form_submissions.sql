{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='submission_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('form_submissions') }}"
    )
}}
{#- Incremental by export day: a nightly run reads only the newly arrived days (macros/incremental_exports.sql). -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('form_submissions') %}

with

-- Keys exported more than once: only their rows are ranked (macros/staging_helpers.sql).
repeated_keys as (

    {{ repeated_key_hashes(source('marketing', 'form_submissions'), ['submission_id'], exported) }}

),

source as (

    {{ versions_ranked_where_repeated(source('marketing', 'form_submissions'), ['submission_id'], exported) }}

),

renamed as (

    select
        -- ids
        submission_id,
        form_id,
        visitor_id,

        -- strings
        nullif(trim(form_name), '') as form_name,
        form_type,
        {{ normalize_email('email') }} as email,
        nullif(trim(page_url), '') as page_url,
        {{ url_page('page_url') }} as page,

        -- timestamps
        submitted_at,

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
