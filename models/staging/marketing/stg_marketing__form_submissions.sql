with

source as (

    select
        *,
        {{ version_rank(['submission_id']) }} as version_rank
    from {{ source('marketing', 'form_submissions') }}
    where {{ known_by_as_of_date() }}

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
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
