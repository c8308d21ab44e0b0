{#- The materialization of a mart that only renames or narrows one intermediate table: a view, so the build
    does not write the rows twice. Publishing copies views into the BI serving files as tables. On Spark it is
    a table, because publishing reads the Spark marts' Parquet files and a view has none. -#}
{% macro published_view() -%}
    {{ return('table' if target.type == 'spark' else 'view') }}
{%- endmacro %}
