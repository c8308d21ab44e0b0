{#-
    Exposes the raw Parquet layer written by the ingest assets as views in schema `raw`:
      raw.<export>           loaded rows,      <raw_root>/<export>/export_date=*/data.parquet
      raw.<export>_rejects   quarantined rows, <raw_root>/<export>_rejects/export_date=*/data.parquet
    An export with no partition yet gets an empty view typed from its source definition, so a
    warehouse built before every export has landed still compiles and tests.
    A dbt command registers only the raw tables its selected nodes read (raw_tables_selected), so a run of
    a few models (the CLV step after the nightly build, a model run by hand) does not list every folder.
    A source marked `read_once_per_run` in its meta becomes a table copied at the start of each dbt run
    instead of a view: the load audit is one small file per export and day (4,380 files a year), and the
    incremental staging models query it a dozen times a night, each query opening every file again. The raw
    layer does not change while dbt runs (the ingest assets finish first), so the copy is never stale.
-#}
{% macro register_raw_layer() -%}
    {{ return(adapter.dispatch('register_raw_layer', 'crm_segments')()) }}
{%- endmacro %}

{% macro raw_lineage_columns() -%}
    {{ return({'_export_date': 'date', '_source_file': 'varchar', '_row_number': 'bigint', '_loaded_at': 'timestamp'}) }}
{%- endmacro %}

{% macro raw_partition_glob(folder) -%}
    {{ return(var('raw_root').rstrip('/') ~ '/' ~ folder ~ '/*/*.parquet') }}
{%- endmacro %}

{#- The statement that makes raw.<relation_name> a view (or a table, `kind`) over the folder's Parquet files. -#}
{% macro duckdb__raw_relation_sql(relation_name, folder, columns, kind='view') -%}
    {%- set glob = raw_partition_glob(folder) | replace("'", "''") -%}
    {%- set found = run_query("select count(*) from glob('" ~ glob ~ "')").columns[0].values()[0] -%}
    {%- if found > 0 -%}
        create or replace {{ kind }} raw.{{ relation_name }} as
        select * from read_parquet('{{ glob }}', union_by_name = true, hive_partitioning = false)
    {%- else -%}
        create or replace {{ kind }} raw.{{ relation_name }} as
        select
        {%- for name, data_type in columns.items() %}
            cast(null as {{ data_type }}) as {{ adapter.quote(name) }}{{ "," if not loop.last }}
        {%- endfor %}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}

{#- A source's meta value `name`, set at the top level of the source or under its config. -#}
{% macro source_meta(source, name) -%}
    {%- set value = source.meta.get(name) -%}
    {{ return(value if value is not none else source.config.meta.get(name)) }}
{%- endmacro %}

{#- The raw tables to expose: [(name, column types)], a `<name>_rejects` table next to each export. The
    folder of each is <raw_root>/<name>; column types come from the source definitions. `only`: the unique ids
    of the sources to keep (all when none). -#}
{% macro raw_tables(only=none) -%}
    {%- set tables = [] -%}
    {%- for source in graph.sources.values()
        if source.schema == 'raw' and (only is none or source.unique_id in only) -%}
        {%- set loaded_columns = {} -%}
        {%- set rejected_columns = {} -%}
        {%- for name, column in source.columns.items() -%}
            {%- do loaded_columns.update({name: column.data_type or 'varchar'}) -%}
            {%- do rejected_columns.update({name: 'varchar'}) -%}
        {%- endfor -%}
        {%- set is_export = source_meta(source, 'kind') is not none -%}
        {%- if is_export -%}
            {%- do loaded_columns.update(raw_lineage_columns()) -%}
            {%- do rejected_columns.update(raw_lineage_columns()) -%}
            {%- do rejected_columns.update({'_reject_reason': 'varchar', '_raw_line': 'varchar'}) -%}
            {%- do tables.append((source.identifier ~ '_rejects', rejected_columns)) -%}
        {%- endif -%}
        {%- do tables.append((source.identifier, loaded_columns)) -%}
    {%- endfor -%}
    {{ return(tables) }}
{%- endmacro %}

{#- The raw tables (see raw_tables) of the sources the selected nodes of this dbt command read directly, each
    export with its rejects; all of them when the command selects nothing (run-operation). Folders no node of
    the command reads keep the relation an earlier run registered. -#}
{% macro raw_tables_selected() -%}
    {%- if not selected_resources -%}{{ return(raw_tables()) }}{%- endif -%}
    {%- set read = [] -%}
    {%- for unique_id in selected_resources if unique_id in graph.nodes -%}
        {%- for parent in graph.nodes[unique_id].depends_on.nodes if parent in graph.sources -%}
            {%- do read.append(parent) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(raw_tables(only=read)) }}
{%- endmacro %}

{#- The raw sources whose meta sets `read_once_per_run` (see the top of this file). -#}
{% macro raw_tables_read_once() -%}
    {%- set names = [] -%}
    {%- for source in graph.sources.values() if source.schema == 'raw' -%}
        {%- if source_meta(source, 'read_once_per_run') -%}
            {%- do names.append(source.identifier) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{% macro duckdb__register_raw_layer() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- do run_query('create schema if not exists raw') -%}
    {%- set read_once = raw_tables_read_once() -%}
    {%- set existing = {} -%}
    {%- for name, kind in run_query(
        "select table_name, table_type from information_schema.tables"
        ~ " where table_catalog = current_database() and table_schema = 'raw'"
    ).rows -%}
        {%- do existing.update({name: 'view' if kind == 'VIEW' else 'table'}) -%}
    {%- endfor -%}
    {%- for name, columns in raw_tables_selected() -%}
        {%- set kind = 'table' if name in read_once else 'view' -%}
        {#- A warehouse built by an older version may hold the other kind under this name. -#}
        {%- if name in existing and existing[name] != kind -%}
            {%- do run_query('drop ' ~ existing[name] ~ ' raw.' ~ name) -%}
        {%- endif -%}
        {%- do run_query(duckdb__raw_relation_sql(name, name, columns, kind)) -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

{#- On Spark each raw table is an external Parquet table over its folder (dropping it leaves the files).
    A folder with files gets the schema Spark reads from them (merged across days, so columns a vendor added
    later, such as custom CRM properties, are there as on DuckDB); an empty or missing folder gets the
    declared columns. -#}
{% macro spark_column_type(data_type) -%}
    {%- set base = data_type | lower -%}
    {{- 'string' if base in ('varchar', 'text') else base -}}
{%- endmacro %}

{% macro spark__register_raw_layer() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- do run_query('create database if not exists raw') -%}
    {%- for name, columns in raw_tables_selected() -%}
        {%- set folder = var('raw_root').rstrip('/') ~ '/' ~ name -%}
        {%- do run_query('drop table if exists raw.' ~ name) -%}
        {%- set declared -%}
            create table raw.{{ name }} (
            {%- for column, data_type in columns.items() %}
                {{ column }} {{ spark_column_type(data_type) }}{{ "," if not loop.last }}
            {%- endfor %}
            )
            using parquet options (recursiveFileLookup 'true') location '{{ folder }}'
        {%- endset -%}
        {#- Creating the declared table first also creates a missing folder, so it can be listed. -#}
        {%- do run_query(declared) -%}
        {%- set files = run_query(
            "select count(*) from binaryFile.`" ~ folder ~ "`"
        ) -%}
        {%- if files.columns[0].values()[0] > 0 -%}
            {%- do run_query('drop table raw.' ~ name) -%}
            {%- do run_query(
                'create table raw.' ~ name ~ " using parquet options (recursiveFileLookup 'true', "
                ~ "mergeSchema 'true') location '" ~ folder ~ "'"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}
