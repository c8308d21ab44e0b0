with

source as (

    select
        *,
        {{ version_rank(['activity_id']) }} as version_rank
    from {{ source('crm', 'activities') }}
    where {{ known_by_as_of_date() }}

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
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
