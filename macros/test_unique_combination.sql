{#- Generic test: no two rows share the same values in all the given columns (a composite grain). -#}
{% test unique_combination(model, columns) %}
    {{ adapter.dispatch('unique_combination_failures', 'crm_segments')(model, columns) }}
{% endtest %}

{% macro default__unique_combination_failures(model, columns) -%}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{%- endmacro %}

{#- On DuckDB, rows are grouped by one 64-bit hash of their columns first, and only the rows of a hash that
    occurs twice are grouped by the columns themselves: the same failures, for a fraction of the cost on tens
    of millions of rows of text keys (the second pass makes a hash collision harmless). -#}
{% macro duckdb__unique_combination_failures(model, columns) -%}

with

repeated_hashes as (

    select hash({{ columns | join(', ') }}) as row_hash
    from {{ model }}
    group by row_hash
    having count(*) > 1

)

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
where hash({{ columns | join(', ') }}) in (select repeated_hashes.row_hash from repeated_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1

{%- endmacro %}
