with

source as (

    select
        *,
        {{ version_rank(['invoice_id']) }} as version_rank
    from {{ source('billing', 'invoices') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        invoice_id,
        company_id,
        contact_id,

        -- strings
        nullif(trim(product), '') as product,
        upper(currency) as currency,
        status as invoice_status,

        -- numerics
        amount,

        -- booleans
        amount < 0 as is_credit_note,

        -- timestamps
        issued_at,
        due_at,
        paid_at,

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
