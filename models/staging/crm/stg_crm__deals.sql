with

source as (

    select
        *,
        {{ version_rank(['deal_id'], 'updated_at') }} as version_rank
    from {{ source('crm', 'deals') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        deal_id,
        company_id,
        contact_id,
        owner_id,

        -- strings
        {{ normalize_category('pipeline') }} as pipeline,
        {{ normalize_category('stage', '') }} as deal_stage,
        nullif(trim(product), '') as product,
        upper(nullif(trim(currency), '')) as currency,

        -- numerics
        amount,

        -- booleans
        coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won,

        -- dates
        close_date,
        created_at,
        updated_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
