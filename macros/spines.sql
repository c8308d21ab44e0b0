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
