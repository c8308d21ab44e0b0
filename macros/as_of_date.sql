{#- The one date every date-relative rule uses: the `as_of_date` var (YYYY-MM-DD), which `crm-segments
    run` sets to the latest landed export date, or today when dbt runs without it. -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if value -%}
        {%- set parsed = modules.datetime.datetime.strptime(value | string, '%Y-%m-%d') -%}
        cast('{{ parsed.strftime("%Y-%m-%d") }}' as date)
    {%- else -%}
        current_date
    {%- endif -%}
{%- endmacro %}

{#- Days from a timestamp or date to the as-of date (0 on the day itself). -#}
{% macro days_before_as_of(expression) -%}
    {{ days_between(expression, as_of_date()) }}
{%- endmacro %}
