{#- `unique` for an incremental model that stamps its rows with _built_at: every value the latest build wrote
    occurs once in the whole model. Builds of such a model only delete rows and insert new ones, so the rows
    an earlier build wrote were checked then and cannot have become duplicates of each other since. A night
    therefore probes the key column with one day's values instead of grouping every row. When one build wrote
    every row (a full build), the probe would look up every key, so the test groups them all as `unique`
    does. -#}
{% test unique_in_latest_build(model, column_name) %}

{%- set first_build, latest_build = none, none -%}
{%- if execute -%}
    {%- set first_build, latest_build = run_query('select min(_built_at), max(_built_at) from ' ~ model).rows[0] -%}
{%- endif %}

with

{% if first_build == latest_build -%}

checked_rows as (

    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null

)

{%- else -%}

latest_values as (

    select {{ column_name }} as unique_field
    from {{ model }}
    where
        _built_at = cast('{{ latest_build }}' as timestamp)
        and {{ column_name }} is not null

),

checked_rows as (

    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} in (select unique_field from latest_values)

)

{%- endif %}

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from checked_rows
group by {{ column_name }}
having count(*) > 1

{% endtest %}
