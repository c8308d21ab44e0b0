with

source as (

    select
        *,
        {{ version_rank(['session_id', 'url', 'viewed_at']) }} as version_rank
    from {{ source('marketing', 'page_views') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        {{ dbt.hash(dbt.concat(['session_id', "'|'", 'url', "'|'", dbt.cast('viewed_at', dbt.type_string())])) }}
            as page_view_id,
        session_id,
        visitor_id,

        -- strings
        url,
        {{ url_page('url') }} as page,

        -- timestamps
        viewed_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
