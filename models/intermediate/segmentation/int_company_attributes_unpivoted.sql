-- Every company attribute an ICP parameter scores (seeds/icp_parameters.csv), one row per company and
-- attribute with a value. Parameters may name the columns of stg_crm__companies (custom properties
-- included) and annual revenue in the reporting currency (at the as-of month's rate); the columns no
-- parameter names are left out.
with

companies as (

    select
        companies.*,
        {{ to_reporting_currency('companies.annual_revenue', 'companies.currency') }} as annual_revenue_reporting
    from {{ ref('stg_crm__companies') }} as companies
    {{ fx_rate_joins('companies.currency', 'cast(' ~ dbt.date_trunc('month', as_of_date()) ~ ' as date)') }}

)

{{ unpivot_icp_attributes('company', 'companies', 'company_id', company_icp_attributes()) }}
