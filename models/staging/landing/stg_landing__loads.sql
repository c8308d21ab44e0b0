with

source as (

    select * from {{ source('landing', 'load_audit') }}
    where export_date <= {{ as_of_date() }}

),

renamed as (

    select
        -- ids
        {{ dbt.concat([
            'export', "'|'", dbt.cast('export_date', dbt.type_string()), "'|'", "coalesce(source_file, '')"
        ]) }} as load_id,
        export,

        -- file
        status as load_status,
        source_file,
        file_sha256,
        file_bytes,
        delimiter,
        coalesce(source_format, 'canonical') as source_format,
        missing_columns,
        extra_columns,

        -- counts
        rows_in,
        rows_loaded,
        rows_rejected,

        -- dates
        export_date,
        loaded_at

    from source

)

select * from renamed
