with

source as (

    select
        *,
        {{ version_rank(['company_id', 'usage_date']) }} as version_rank
    from {{ source('product', 'product_usage') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        {{ dbt.concat(['company_id', "'|'", dbt.cast('usage_date', dbt.type_string())]) }} as usage_day_id,
        company_id,

        -- numerics
        coalesce(active_users, 0) as active_users,
        coalesce(events, 0) as product_events,

        -- dates
        usage_date,

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
