{#- Event staging models are incremental by export day. A nightly run reads only the raw partitions of the
    export days that arrived since the model was last built; a row's newer version replaces the older one by
    the model's unique key (delete+insert), so the newest export still wins as in a full build.

    The plan compares the load audit (when each export day was last loaded) with the model's own lineage
    columns (_export_date, _loaded_at):
      - full:   the model is empty, the run is as of a day before the newest day it holds, or a day it
                already holds was loaded again (a replayed day may drop rows, and an older version of a key
                may have to win again): the pre-hook empties the model and every raw row is read;
      - append: only export days after the newest day it holds arrived: their rows are read;
      - none:   nothing new arrived: no raw row is read. -#}

{% macro incremental_export_plan(export) -%}
    {%- set full = {'mode': 'full', 'dates': []} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {#- A model built before it was incremental has no _loaded_at yet. -#}
    {%- set held_columns = held_column_names() -%}
    {%- if '_loaded_at' not in held_columns -%}{{ return(full) }}{%- endif -%}
    {%- set held = run_query(
        'select max(_export_date), max(_loaded_at) from ' ~ this
    ).rows[0] -%}
    {%- if held[0] is none -%}{{ return(full) }}{%- endif -%}
    {%- set held_through = held[0] | string -%}
    {%- set changed = run_query(
        "select cast(export_date as " ~ dbt.type_string() ~ ") as export_date"
        ~ " from " ~ source('landing', 'load_audit')
        ~ " where export = '" ~ export ~ "' and status = 'loaded' and export_date <= " ~ as_of_date()
        ~ " group by export_date"
        ~ " having export_date > cast('" ~ held_through ~ "' as date)"
        ~ " or max(loaded_at) > " ~ timestamp_literal(held[1])
        ~ " order by export_date"
    ).columns[0].values() | list -%}
    {%- set as_of_before_held = run_query(
        "select " ~ as_of_date() ~ " < cast('" ~ held_through ~ "' as date)"
    ).rows[0][0] -%}
    {%- if as_of_before_held or (changed and changed[0] <= held_through) -%}
        {{ return(full) }}
    {%- elif not changed -%}
        {{ return({'mode': 'none', 'dates': []}) }}
    {%- endif -%}
    {{ return({'mode': 'append', 'dates': changed}) }}
{%- endmacro %}

{#- The rows of an event staging model's source this run reads (see incremental_export_plan). -#}
{% macro incremental_export_filter(export) -%}
    {#- Named while dbt parses the model (the plan reads it only at run time), so the load audit is among the
        model's sources: in the lineage, and registered when the model is selected (raw_tables_selected). -#}
    {%- do source('landing', 'load_audit') -%}
    {%- set plan = incremental_export_plan(export) -%}
    {%- if plan.mode == 'none' -%}
        and 1 = 0
    {%- elif plan.mode == 'append' -%}
        and _export_date in (
            {%- for day in plan.dates %}cast('{{ day }}' as date){{ ", " if not loop.last }}{% endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: a full plan on an existing model starts it again from empty. -#}
{% macro reset_incremental_export(export) -%}
    {%- if is_incremental() and incremental_export_plan(export).mode == 'full' -%}
        truncate table {{ this }}
    {%- endif -%}
{%- endmacro %}
