-- Every company attribute an ICP parameter scores (seeds/icp_parameters.csv), one row per company and
-- attribute with a value. Parameters may name the columns of stg_crm__companies (custom properties
-- included) and annual revenue in the reporting currency (at the as-of month's rate); the columns no
-- parameter names are left out.
{%- set attributes = company_icp_attributes() %}

with

scored_attributes as (

    select parameter
    from {{ ref('icp_parameters') }}
    where icp_model = 'company'

),

companies as (

    select
        companies.*,
        {{ to_reporting_currency('companies.annual_revenue', 'companies.currency') }} as annual_revenue_reporting
    from {{ ref('stg_crm__companies') }} as companies
    {{ fx_rate_joins('companies.currency', 'cast(' ~ dbt.date_trunc('month', as_of_date()) ~ ' as date)') }}

)

{% for attribute in attributes -%}
    select
        company_id,
        '{{ attribute }}' as attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as value_text,
        {{ try_cast_double('cast(' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')') }} as value_number
    from companies
    where
        {{ attribute }} is not null
        and '{{ attribute }}' in (select scored_attributes.parameter from scored_attributes)
    {% if not loop.last %}union all{% endif %}
{% endfor %}
