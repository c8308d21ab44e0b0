{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ reset_incremental_export('contacts') }}"
    )
}}
{#- Incremental by export day (macros/incremental_exports.sql): a nightly run reads only the newly arrived
    days. Each contact's newest version among them replaces the held one unless the held version ranks
    higher (a later `updated_at`): the same pick a full build makes over every version. -#}

{%- set exported = known_by_as_of_date() ~ ' ' ~ incremental_export_filter('contacts') %}

with

source as (

    select
        *,
        {{ version_rank(['contact_id'], 'updated_at') }} as version_rank
    from {{ source('crm', 'contacts') }}
    where {{ exported }}

),

renamed as (

    select
        -- ids
        contact_id,
        company_id,
        owner_id,

        -- person
        {{ normalize_email('email') }} as email,
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(job_title), '') as job_title,
        nullif(trim(phone), '') as phone,
        nullif(trim(company_name), '') as company_name,
        upper(nullif(trim(country), '')) as country,
        nullif(trim(city), '') as city,

        -- crm state
        {{ normalize_category('lifecycle_stage', '') }} as lifecycle_stage,
        {{ normalize_category('lead_status') }} as lead_status,
        created_via,
        coalesce(marketing_opt_out, false) as is_marketing_opt_out,
        nullif(trim(tags), '') as tags,

        -- acquisition captured by the crm
        nullif(trim(utm_source), '') as utm_source,
        nullif(trim(utm_medium), '') as utm_medium,
        nullif(trim(utm_campaign), '') as utm_campaign,
        nullif(trim(original_source), '') as original_source,
        nullif(trim(first_page_seen), '') as first_page_seen,

        -- timestamps
        created_at,
        updated_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number,
        _loaded_at,
        {{ built_at() }} as _built_at

    from source
    where version_rank = 1

),

latest_versions as (

    select
        *,
        {{ dbt.split_part('email', "'@'", 2) }} as email_domain,
        {{ is_valid_email('email') }} as is_email_valid
    from renamed

)

{% if is_incremental() -%}

, arrived_and_held_versions as (

    select
        contact_id,
        updated_at,
        _export_date,
        _row_number,
        true as is_arrived
    from latest_versions

    union all

    select
        contact_id,
        updated_at,
        _export_date,
        _row_number,
        false as is_arrived
    from {{ this }}
    where contact_id in (select latest_versions.contact_id from latest_versions)

),

winning_versions as (

    select
        contact_id,
        is_arrived,
        {{ version_rank(['contact_id'], 'updated_at') }} as version_rank
    from arrived_and_held_versions

)

{%- endif %}

select latest_versions.*
from latest_versions
{% if is_incremental() -%}
    inner join winning_versions
        on
            latest_versions.contact_id = winning_versions.contact_id
            and winning_versions.is_arrived
            and winning_versions.version_rank = 1
{%- endif %}
