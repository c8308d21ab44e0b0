with

source as (

    select
        *,
        {{ version_rank(['contact_id'], 'updated_at') }} as version_rank
    from {{ source('crm', 'contacts') }}
    where {{ known_by_as_of_date() }}

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
        _row_number

    from source
    where version_rank = 1

)

select
    *,
    {{ dbt.split_part('email', "'@'", 2) }} as email_domain,
    {{ is_valid_email('email') }} as is_email_valid
from renamed
