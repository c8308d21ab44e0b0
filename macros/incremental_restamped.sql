{#- A model that derives rows from the rows of stamped event models (int_email_events_attributed,
    int_page_views_attributed, int_web_sessions_attributed, int_form_submissions_attributed) can take in a
    night by their stamps. Those models only delete rows or insert rows stamped with the build that wrote them
    (_built_at), and they delete rows without writing their key again only by whole export days (a replayed
    day, macros/incremental_days.sql; int_web_sessions_attributed drops the sessions its upstream dropped that
    way, and writes the rest of their day again as upstream did). So the upstream rows a night must derive
    again are those stamped after this model's latest row; this model's rows to drop first are those derived
    from them, and all rows of an export day no upstream row of which is older than that (the day was read
    again whole and may have lost events) or that upstream no longer holds at all. The rules the model applies
    are kept beside it (macros/held_inputs.sql): a night after they changed derives everything. -#}

{#- {'mode': 'full'} (derive every upstream row) or {'mode': 'since', 'since': <this model's latest stamp>}
    (a timestamp literal). -#}
{% macro restamped_plan(rules_name, rules_sql) -%}
    {%- set full = {'mode': 'full', 'since': none} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held_rules = held_inputs(rules_name) -%}
    {%- if held_rules is none -%}{{ return(full) }}{%- endif -%}
    {%- if run_query(changed_input_keys(held_rules, rules_sql) ~ ' limit 1').rows | length > 0 -%}
        {{ return(full) }}
    {%- endif -%}
    {{ return(latest_stamp_plan()) }}
{%- endmacro %}

{#- {'mode': 'since', 'since': this model's latest stamp}, or {'mode': 'full'} when it holds no stamped row. -#}
{% macro latest_stamp_plan() -%}
    {%- set full = {'mode': 'full', 'since': none} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held_columns = held_column_names() -%}
    {%- if '_built_at' not in held_columns -%}{{ return(full) }}{%- endif -%}
    {%- set since = run_query('select max(_built_at) from ' ~ this).rows[0][0] -%}
    {%- if since is none -%}{{ return(full) }}{%- endif -%}
    {{ return({'mode': 'since', 'since': timestamp_literal(since)}) }}
{%- endmacro %}

{#- Pre-hook of a stamped model keyed like its upstream model: the rows whose key upstream no longer holds go. -#}
{% macro delete_keys_gone_upstream(upstream, key_column) -%}
    {%- if is_incremental() -%}
        {{ delete_where(this, key_column ~ ' not in (select ' ~ key_column ~ ' from ' ~ upstream ~ ')') }}
    {%- endif -%}
{%- endmacro %}

{#- The condition on an upstream stamped model's rows that keeps those the plan derives again. -#}
{% macro restamped_since(plan, stamp='_built_at') -%}
    {%- if plan.mode == 'full' -%}
        1 = 1
    {%- else -%}
        {{ stamp }} > {{ plan.since }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: drops this model's rows that the plan derives again. `stamped` lists the stamped upstream
    models as {'source': value of this model's `source_column`, 'relation': the model, 'id': its key column},
    this model keeping that key as source_event_id and the upstream row's _export_date; `rebuilt` names the
    sources derived whole every night (small upstream tables rebuilt whole). -#}
{% macro delete_restamped_rows(plan, stamped, rebuilt, source_column='event_source') -%}
    {%- if is_incremental() -%}
        {%- if plan.mode == 'full' -%}
            truncate table {{ this }}
        {%- else -%}
            {%- set conditions = [] -%}
            {%- if rebuilt -%}
                {%- do conditions.append(source_column ~ " in ('" ~ rebuilt | join("', '") ~ "')") -%}
            {%- endif -%}
            {%- for upstream in stamped -%}
                {%- set days = restamped_whole_days(plan, upstream, source_column) -%}
                {%- set condition -%}
                    ({{ source_column }} = '{{ upstream.source }}' and (
                        source_event_id in (
                            select {{ upstream.id }} from {{ upstream.relation }} where {{ restamped_since(plan) }}
                        )
                        {%- if days %}
                        or _export_date in (
                            {%- for day in days %}cast('{{ day }}' as date){{ ', ' if not loop.last }}{% endfor -%}
                        )
                        {%- endif %}
                    ))
                {%- endset -%}
                {%- do conditions.append(condition) -%}
            {%- endfor -%}
            {{ delete_where(this, conditions | join(' or ')) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The export days of `upstream` (see delete_restamped_rows) read again whole since the plan's stamp, and the
    days this model holds for it that upstream no longer has. -#}
{% macro restamped_whole_days(plan, upstream, source_column) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set query -%}
        with upstream_days as (
            select
                _export_date,
                count(*) as row_count,
                count(case when {{ restamped_since(plan) }} then 1 end) as restamped_count
            from {{ upstream.relation }}
            group by _export_date
        )

        select cast(_export_date as {{ dbt.type_string() }}) from upstream_days
        where row_count = restamped_count
        union
        select cast(_export_date as {{ dbt.type_string() }}) from (
            select distinct _export_date from {{ this }} where {{ source_column }} = '{{ upstream.source }}'
        ) as held_days
        where _export_date not in (
            select upstream_days._export_date from upstream_days where upstream_days._export_date is not null
        )
        order by 1
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}

{#- The stamped event models a model takes in by stamp, under the source names the model gives them: the email
    events (`email_source`), the web sessions (`session_source`), the page views (page_view) and the form fills
    (form_submission). -#}
{% macro stamped_event_models(email_source, session_source) -%}
    {{ return([
        {'source': email_source, 'relation': ref('int_email_events_attributed'), 'id': 'event_id'},
        {'source': session_source, 'relation': ref('int_web_sessions_attributed'), 'id': 'session_id'},
        {'source': 'page_view', 'relation': ref('int_page_views_attributed'), 'id': 'page_view_id'},
        {'source': 'form_submission', 'relation': ref('int_form_submissions_attributed'), 'id': 'submission_id'},
    ]) }}
{%- endmacro %}
