with

source as (

    select
        *,
        {{ version_rank(['ticket_id']) }} as version_rank
    from {{ source('support', 'tickets') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        ticket_id,
        contact_id,
        company_id,

        -- strings
        coalesce(category, 'other') as category,
        {{ normalize_category('priority') }} as priority,
        {{ normalize_category('status') }} as ticket_status,

        -- timestamps
        created_at,
        resolved_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
