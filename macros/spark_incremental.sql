{#- delete+insert on Spark without a table format that supports DELETE or MERGE (plain Parquet tables):
    the model's new rows and the held rows whose unique key they do not repeat are written to two scratch
    tables first (the model may read itself, and Spark cannot overwrite a table it is reading), then the
    model is overwritten with both (on Delta, Iceberg or Hudi, merge would do; it is not offered here).
    These two macros replace dbt-spark's own (same names): they take delete+insert and append (the rows are
    added as they are: models that delete their own rows in a pre-hook), nothing else. -#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- if raw_strategy in ('delete+insert', 'append') -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        'incremental_strategy ' ~ raw_strategy ~ ': this project builds on Spark with delete+insert or append only'
    ) }}
{% endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if strategy == 'append' -%}
        {{ return(get_insert_into_sql(source, target)) }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='name') | join(', ') -%}
    {%- set new_rows, kept_rows = spark_incremental_scratch(target) -%}
    {%- do spark_drop_incremental_scratch(target) -%}
    {%- do run_query('create table ' ~ new_rows ~ ' using parquet as select * from ' ~ source) -%}
    {%- set keep_rows -%}
        create table {{ kept_rows }} using parquet as
        select held.* from {{ target }} as held
        where not exists (
            select 1 from {{ new_rows }} as arrived
            where {% for key in keys %}arrived.{{ key }} = held.{{ key }}{{ " and " if not loop.last }}{% endfor %}
        )
    {%- endset -%}
    {%- do run_query(keep_rows) -%}
    {{ return('insert overwrite table ' ~ target ~ ' select ' ~ columns ~ ' from ' ~ kept_rows
        ~ ' union all select ' ~ columns ~ ' from ' ~ new_rows) }}
{% endmacro %}

{% macro spark_incremental_scratch(target) -%}
    {{ return([
        target.incorporate(path={'identifier': target.identifier ~ '__new_rows'}),
        target.incorporate(path={'identifier': target.identifier ~ '__kept_rows'}),
    ]) }}
{%- endmacro %}

{#- Post-hook of every model: on Spark, drops the scratch tables an incremental run left behind. -#}
{% macro spark_drop_incremental_scratch(relation=none) -%}
    {%- if execute and target.type == 'spark' and (relation is not none or config.get('materialized') == 'incremental') -%}
        {%- for scratch in spark_incremental_scratch(relation or this) -%}
            {%- do run_query('drop table if exists ' ~ scratch) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- The statement that deletes a relation's rows matching condition (for pre-hooks). Spark cannot DELETE from
    a Parquet table: the other rows are copied to a scratch table and the relation is overwritten with them. -#}
{% macro delete_where(relation, condition) -%}
    {{ return(adapter.dispatch('delete_where', 'crm_segments')(relation, condition)) }}
{%- endmacro %}

{% macro default__delete_where(relation, condition) -%}
    delete from {{ relation }} where {{ condition }}
{%- endmacro %}

{% macro spark__delete_where(relation, condition) -%}
    {%- set kept_rows = spark_incremental_scratch(relation)[1] -%}
    {%- if execute -%}
        {%- do run_query('drop table if exists ' ~ kept_rows) -%}
        {%- do run_query(
            'create table ' ~ kept_rows ~ ' using parquet as select * from ' ~ relation
            ~ ' where not coalesce(' ~ condition ~ ', false)'
        ) -%}
    {%- endif -%}
    insert overwrite table {{ relation }} select * from {{ kept_rows }}
{%- endmacro %}
