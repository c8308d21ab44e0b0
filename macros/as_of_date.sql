{#- The one date every date-relative rule uses, YYYY-MM-DD: the `as_of_date` var, else the CRM_AS_OF_DATE
    environment variable (how `crm-segments run` passes it), else today. The environment variable is read only
    when dbt executes, never while it parses: a var that changes every night makes dbt re-parse the whole
    project, an unread environment variable does not. -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if not value and execute -%}
        {%- set value = env_var('CRM_AS_OF_DATE', '') -%}
    {%- endif -%}
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

{#- The timestamp falls within the last n days: the as-of day and the n - 1 days before it. -#}
{% macro within_last_days(expression, days) -%}
    ({{ days_before_as_of(expression) }} between 0 and {{ days }} - 1)
{%- endmacro %}

{#- A history row (valid_from inclusive, valid_to exclusive or null) is the one in force on a date. -#}
{% macro valid_on(day) -%}
    (valid_from <= {{ day }} and (valid_to is null or valid_to > {{ day }}))
{%- endmacro %}
