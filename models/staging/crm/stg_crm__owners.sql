with

source as (

    select
        *,
        {{ version_rank(['owner_id']) }} as version_rank
    from {{ source('crm', 'owners') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        owner_id,
        nullif(trim(name), '') as owner_name,
        {{ normalize_email('email') }} as owner_email,
        nullif(trim(team), '') as team,
        _export_date,
        _source_file,
        _row_number
    from source
    where version_rank = 1

)

select * from renamed
