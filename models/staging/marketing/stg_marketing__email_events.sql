with

source as (

    select
        *,
        {{ version_rank(['event_id']) }} as version_rank
    from {{ source('marketing', 'email_events') }}
    where {{ known_by_as_of_date() }}

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
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
