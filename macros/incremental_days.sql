{#- Event models downstream of staging are incremental by export day too. Each night they compare, per
    export day, their own rows with their upstream model's (row count and latest _loaded_at): the days that
    differ (new days, replayed days, days whose rows moved to a newer export, days no longer upstream) are
    deleted by the pre-hook and read again from upstream; the other days are not read at all. A model without
    the lineage columns yet (built before it was incremental) is rebuilt in full. -#}

{% macro changed_export_days(upstream) -%}
    {%- set full = {'mode': 'full', 'dates': []} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if '_loaded_at' not in held_columns or '_export_date' not in held_columns -%}{{ return(full) }}{%- endif -%}
    {%- set never = "cast('1900-01-01' as timestamp)" -%}
    {%- set days = run_query(
        "with upstream_days as (select _export_date, count(*) as row_count, max(_loaded_at) as loaded_at"
        ~ " from " ~ upstream ~ " group by _export_date),"
        ~ " held_days as (select _export_date, count(*) as row_count, max(_loaded_at) as loaded_at"
        ~ " from " ~ this ~ " group by _export_date)"
        ~ " select cast(coalesce(upstream_days._export_date, held_days._export_date) as " ~ dbt.type_string() ~ ")"
        ~ " from upstream_days full outer join held_days on upstream_days._export_date = held_days._export_date"
        ~ " where coalesce(upstream_days.row_count, -1) <> coalesce(held_days.row_count, -1)"
        ~ " or coalesce(upstream_days.loaded_at, " ~ never ~ ") <> coalesce(held_days.loaded_at, " ~ never ~ ")"
        ~ " order by 1"
    ).columns[0].values() | list -%}
    {{ return({'mode': 'days', 'dates': days}) }}
{%- endmacro %}

{#- The condition on _export_date that selects the changed days (true for a full build). -#}
{% macro export_days_condition(plan) -%}
    {%- if plan.mode == 'full' -%}
        1 = 1
    {%- elif plan.dates -%}
        _export_date in (
            {%- for day in plan.dates %}cast('{{ day }}' as date){{ ", " if not loop.last }}{% endfor -%}
        )
    {%- else -%}
        1 = 0
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: the changed days' rows go; a full plan on an existing model empties it. -#}
{% macro delete_changed_export_days(upstream) -%}
    {%- if is_incremental() -%}
        {%- set plan = changed_export_days(upstream) -%}
        {%- if plan.mode == 'full' -%}
            truncate table {{ this }}
        {%- elif plan.dates -%}
            {{ delete_where(this, export_days_condition(plan)) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
