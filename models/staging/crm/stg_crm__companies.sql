{%- set contract_columns = [
    'company_id', 'name', 'domain', 'industry', 'employee_count', 'annual_revenue', 'currency',
    'country', 'city', 'owner_id', 'created_at', 'updated_at'
] -%}

with

source as (

    select
        *,
        {{ version_rank(['company_id'], 'updated_at') }} as version_rank
    from {{ source('crm', 'companies') }}
    where {{ known_by_as_of_date() }}

),

renamed as (

    select
        -- ids
        company_id,
        owner_id,

        -- strings
        nullif(trim(name), '') as company_name,
        {{ url_host('domain') }} as domain,
        nullif(trim(industry), '') as industry,
        upper(nullif(trim(country), '')) as country,
        nullif(trim(city), '') as city,
        upper(nullif(trim(currency), '')) as currency,

        -- numerics
        employee_count,
        annual_revenue,

        -- timestamps
        created_at,
        updated_at,

        -- custom properties: every column beyond the landing contract, as text
        {% for column in custom_columns(source('crm', 'companies'), contract_columns) -%}
            {{ column }},
        {% endfor %}

        -- lineage
        _export_date,
        _source_file,
        _row_number

    from source
    where version_rank = 1

)

select * from renamed
