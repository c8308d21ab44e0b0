-- The ICP parameters, the best points each can earn and whether its column exists (a parameter whose column
-- is missing is left out of scoring). Building this model validates the ICP seeds and fails with a list
-- of every problem (see macro validate_icp_config).
{%- set available = {'company': company_icp_attributes(), 'person': person_icp_attributes()} %}
-- depends_on: {{ ref('stg_crm__companies') }}, {{ ref('icp_tiers') }}
{{ validate_icp_config() }}

with

point_summary as (

    select
        icp_model,
        parameter,
        max(points) as best_points,
        count(*) as point_rules
    from {{ ref('icp_points') }}
    group by icp_model, parameter

)

select
    icp_parameters.icp_model,
    icp_parameters.parameter,
    icp_parameters.weight,
    icp_parameters.if_column_missing,
    case icp_parameters.icp_model
        {% for model, names in available.items() -%}
            when '{{ model }}' then {{ dbt.position("'|' || icp_parameters.parameter || '|'", "'|" ~ names | join('|') ~ "|'") }} > 0  -- noqa: LT05
        {% endfor -%}
        else false
    end as is_column_available,
    point_summary.best_points,
    point_summary.point_rules,
    icp_parameters.description
from {{ ref('icp_parameters') }} as icp_parameters
inner join point_summary
    on icp_parameters.icp_model = point_summary.icp_model and icp_parameters.parameter = point_summary.parameter
