{#- Event models downstream of staging are incremental by export day too. Each night they compare, per
    export day, their own rows with their upstream model's (row count and latest _loaded_at): the days that
    differ (new days, replayed days, days whose rows moved to a newer export, days no longer upstream) are
    deleted by the pre-hook and read again from upstream; the other days are not read at all. A model without
    the lineage columns yet (built before it was incremental) is rebuilt in full. -#}

{% macro changed_export_days(upstream) -%}
    {%- set full = {'mode': 'full', 'dates': []} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held_columns = held_column_names() -%}
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

{#- The rows such a model derives its output from this run: upstream's rows of the changed export days, and
    on an incremental run the rows it already holds for the other days. `columns` maps each column the model
    carries to its expression on upstream (held rows read it by name); the lineage columns come along.
    `derived` names the text columns the model computes from other models (a person, a content group): held
    rows keep their stored value as held_<column>, so derived_values_changed() can keep only the held rows
    whose value came out different this time. `held_filter`, when given, narrows the held rows read to those
    whose derived values may have changed (see held_rows_to_derive_again()). -#}
{% macro changed_days_and_held_rows(upstream, columns, derived, held_filter=none) -%}
    {%- set plan = changed_export_days(upstream) -%}
    {%- set carried = columns | list + ['_export_date', '_loaded_at'] -%}
    {%- set expressions = dict(columns, _export_date='_export_date', _loaded_at='_loaded_at') -%}
    select
        {%- for name in carried %}
        {{ expressions[name] }}{{ ' as ' ~ name if expressions[name] != name }},
        {%- endfor %}
        {%- for name in derived %}
        cast(null as {{ dbt.type_string() }}) as held_{{ name }},
        {%- endfor %}
        false as is_held
    from {{ upstream }}
    where {{ export_days_condition(plan) }}
    {%- if is_incremental() and plan.mode != 'full' %}

    union all

    select
        {%- for name in carried %}
        {{ name }},
        {%- endfor %}
        {%- for name in derived %}
        {{ name }} as held_{{ name }},
        {%- endfor %}
        true as is_held
    from {{ this }}
    where not ({{ export_days_condition(plan) }})
    {%- if held_filter is not none %} and ({{ held_filter }}){% endif %}
    {%- endif %}
{%- endmacro %}

{#- The rows to write: every row read from upstream, and the held rows whose derived values changed. -#}
{% macro derived_values_changed(derived) -%}
    not is_held
    {%- for name in derived %}
    or coalesce({{ name }}, '') <> coalesce(held_{{ name }}, '')
    {%- endfor %}
{%- endmacro %}
