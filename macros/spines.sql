{#- One row per month start between two dates (inclusive), in column `month_start`. -#}
{% macro month_spine(start_date, end_date) -%}
    {{ return(adapter.dispatch('month_spine', 'crm_segments')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__month_spine(start_date, end_date) -%}
    select cast(month_start as date) as month_start
    from generate_series(cast('{{ start_date }}' as date), cast('{{ end_date }}' as date), interval 1 month)
        as months (month_start)
{%- endmacro %}

{% macro spark__month_spine(start_date, end_date) -%}
    select explode(sequence(to_date('{{ start_date }}'), to_date('{{ end_date }}'), interval 1 month)) as month_start
{%- endmacro %}

{#- One row per whole number from 1 to n, in column `step`. -#}
{% macro number_series(n) -%}
    {{ return(adapter.dispatch('number_series', 'crm_segments')(n)) }}
{%- endmacro %}

{% macro default__number_series(n) -%}
    select cast(range as bigint) as step from range(1, {{ n }} + 1)
{%- endmacro %}

{% macro spark__number_series(n) -%}
    select cast(step as bigint) as step from (select explode(sequence(1, {{ n }})) as step) as steps
{%- endmacro %}
