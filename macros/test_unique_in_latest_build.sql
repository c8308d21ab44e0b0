{#- `unique` for an incremental model that stamps its rows with _built_at: every value the latest build wrote
    occurs once in the whole model. Builds of such a model only delete rows and insert new ones, so the rows
    an earlier build wrote were checked then and cannot have become duplicates of each other since. A night
    therefore probes the key column with one day's values instead of grouping every row. When one build wrote
    every row (a full build), the probe would look up every key, so the test groups them all as `unique`
    does. -#}
{% test unique_in_latest_build(model, column_name) %}
    {{ latest_build_duplicates(model, [column_name]) }}
{% endtest %}

{#- The same for a grain of several columns (`unique_combination` of the rows the latest build wrote). `key`,
    some of those columns, finds the held rows to check: those sharing its values with a row the latest build
    wrote. A duplicate shares every column, so any part of the grain finds it; a model rewritten per person
    probes one column instead of the whole grain. -#}
{% test unique_combination_in_latest_build(model, columns, key=none) %}
    {{ latest_build_duplicates(model, columns, key) }}
{% endtest %}

{#- The key values (rows with a null key column left out, as `unique` does) that occur more than once among the
    rows sharing `key` (default: every column) with the latest build's rows, or among all rows when one build
    wrote them all. -#}
{% macro latest_build_duplicates(model, columns, key=none) -%}
{%- set key = columns if key is none else ([key] if key is string else key) -%}

{%- set first_build, latest_build = none, none -%}
{%- if execute -%}
    {%- set first_build, latest_build = run_query('select min(_built_at), max(_built_at) from ' ~ model).rows[0] -%}
{%- endif %}
{%- set keys_present = columns | join(' is not null and ') ~ ' is not null' %}

with

{% if first_build == latest_build -%}

checked_rows as (

    select {{ columns | join(', ') }}
    from {{ model }}
    where {{ keys_present }}

)

{%- else -%}

latest_values as (

    select distinct {{ key | join(', ') }}
    from {{ model }}
    where
        _built_at = cast('{{ latest_build }}' as timestamp)
        and {{ keys_present }}

),

checked_rows as (

    select
        {%- for column in columns %}
        held.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }} as held
    inner join latest_values
        on
        {%- for column in key %}
            {{ 'and ' if not loop.first }}held.{{ column }} = latest_values.{{ column }}
        {%- endfor %}
    where
        {%- for column in columns %}
        {{ 'and ' if not loop.first }}held.{{ column }} is not null
        {%- endfor %}

)

{%- endif %}

select
    {{ columns | join(', ') }},
    count(*) as n_records
from checked_rows
group by {{ columns | join(', ') }}
having count(*) > 1

{%- endmacro %}
