{#- dbt-spark's session connection binds a seed's empty cells as the text 'None' instead of null
    (dbt-labs/dbt-spark#901, wontfix), which would turn every optional config value into 'None'.
    Seeds are small, so on Spark their rows are written as literals instead of bound parameters. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set column_types = [] -%}
    {%- for column_name in agate_table.column_names -%}
        {%- do column_types.append(column_override.get(column_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            (
                {%- for value in row -%}
                    {%- if value is none -%}
                        cast(null as {{ column_types[loop.index0] }})
                    {%- else -%}
                        cast({{ spark_seed_literal(value | string) }} as {{ column_types[loop.index0] }})
                    {%- endif -%}
                    {{- ", " if not loop.last -}}
                {%- endfor -%}
            ){{ "," if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- With spark.sql.parser.escapedStringLiterals (see profiles.yml) a backslash is an ordinary character, as
    in DuckDB, so a text with a single quote is written in double quotes instead of escaped. -#}
{% macro spark_seed_literal(text) -%}
    {%- if "'" not in text -%}
        '{{ text }}'
    {%- elif '"' not in text -%}
        "{{ text }}"
    {%- else -%}
        {{ exceptions.raise_compiler_error("seed " ~ this ~ ": a value holds both quote characters: " ~ text) }}
    {%- endif -%}
{%- endmacro %}
