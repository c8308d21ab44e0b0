{#- Summaries of an incremental event model (one whose rows carry _built_at) per key, a person or a campaign,
    are incremental per key: a night summarizes again only the keys whose events may have changed, and keeps
    every other row. A key's set of events changes only when
      - an event row was written for it after this model's latest build (new or replayed export days, events
        re-attributed to a person): event rows with a later _built_at;
      - an event left it (re-attributed to someone else, its export day replayed without it, the as-of date
        moved back before it): its event count differs from the held one;
      - the as-of date moved forward past its events: events dated after the held as-of date.
    Such summaries hold no rule and no date window, so a changed rule or a new day re-classifies every key in
    the cheap models downstream. Their rows carry event_count, the as-of date they were summarized for
    (_as_of_date) and when their build started (_built_at); a held key left without events is written again
    with an event_count of 0 and removed by the post-hook delete_summaries_without_events(). -#}

{#- full: summarize every key (first build, full refresh, or an empty model); keys: see above. A keys plan says
    whether any key may have lost an event (`events_left`). Rows only leave upstream or join it under a newer
    stamp, so the rows of `upstream` the summary reads (`kept`) that are stamped by this model's latest build
    or before and dated up to its as-of date are a subset of those it counted then: when there are as many as
    the held summaries count (each key once), no key lost one, and the night skips grouping every event per
    key to compare their counts (the grouped scan of tens of millions of rows; this count reads three columns).
    Without `upstream`, every night compares. -#}
{% macro summary_refresh_plan(upstream=none, kept='1 = 1', occurred_at='occurred_at', key_column='contact_id') -%}
    {%- set full = {'mode': 'full'} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held = run_query(
        "select max(_built_at), max(_as_of_date) from " ~ this
        ~ " where _built_at = (select max(_built_at) from " ~ this ~ ")"
    ).rows[0] -%}
    {%- if held[0] is none -%}{{ return(full) }}{%- endif -%}
    {%- set plan = {
        'mode': 'keys',
        'built_at': timestamp_literal(held[0]),
        'after_as_of': dbt.dateadd('day', 1, "cast('" ~ held[1] ~ "' as date)"),
        'events_left': true,
    } -%}
    {%- if upstream is not none -%}
        {%- set counts_match -%}
            select
                (
                    select count(*) from {{ upstream }}
                    where
                        ({{ kept }})
                        and _built_at <= {{ plan.built_at }}
                        and {{ occurred_at }} < {{ plan.after_as_of }}
                )
                = (
                    select coalesce(sum(held_keys.event_count), 0)
                    from (
                        select
                            {{ key_column }},
                            max(event_count) as event_count
                        from {{ this }}
                        group by {{ key_column }}
                    ) as held_keys
                )
        {%- endset -%}
        {%- do plan.update({'events_left': not run_query(counts_match).rows[0][0]}) -%}
    {%- endif -%}
    {{ return(plan) }}
{%- endmacro %}

{#- The CTE `events`: the rows of `source` (a CTE of the event model's rows the summary reads, with key_column,
    occurred_at and _built_at) this run summarizes. Every row in a full plan; else the rows of the keys in
    `refreshed`: keys with rows written or dated since the latest build and, when a key may have lost an
    event, those whose count (`event_counts`) differs from the held one. That plan reads `source` up to three
    times, so declare it `{{ inlined() }}` (macros/cross_db.sql): DuckDB would otherwise store every event row
    of it before the few keys to refresh are chosen. -#}
{% macro events_to_summarize(plan, source, key_column) -%}
{%- if plan.mode == 'full' -%}
events as (

    select * from {{ source }}

)
{%- else -%}
{%- if plan.events_left -%}
event_counts as (

    select
        {{ key_column }},
        count(*) as event_count
    from {{ source }}
    group by {{ key_column }}

),

{% endif -%}
refreshed as (

    select distinct {{ key_column }}
    from {{ source }}
    where
        _built_at > {{ plan.built_at }}
        or occurred_at >= {{ plan.after_as_of }}
    {%- if plan.events_left %}

    union

    select coalesce(event_counts.{{ key_column }}, held.{{ key_column }}) as {{ key_column }}
    from event_counts
    full outer join {{ this }} as held on event_counts.{{ key_column }} = held.{{ key_column }}
    where coalesce(event_counts.event_count, 0) <> coalesce(held.event_count, 0)
    {%- endif %}

),

events as (

    select *
    from {{ source }}
    where {{ key_column }} in (select refreshed.{{ key_column }} from refreshed)

)
{%- endif -%}
{%- endmacro %}

{#- The final select of a summary: one row per key of `summaries` (a CTE with key_column, event_count and
    `columns`), stamped with the as-of date and the build. In a keys plan, every key in `refreshed` gets a row,
    and one whose events are all gone gets an event_count of 0 for delete_summaries_without_events(). -#}
{% macro summarized_rows(plan, key_column, columns) -%}
{%- set keys = 'refreshed' if plan.mode == 'keys' else 'summaries' -%}
select
    {{ keys }}.{{ key_column }},
    coalesce(summaries.event_count, 0) as event_count,
    {%- for column in columns %}
    summaries.{{ column }},
    {%- endfor %}
    {{ as_of_date() }} as _as_of_date,
    {{ built_at() }} as _built_at
from {{ keys }}
{%- if plan.mode == 'keys' %}
    left join summaries on refreshed.{{ key_column }} = summaries.{{ key_column }}
{%- endif %}
{%- endmacro %}

{#- Post-hook: the rows written for keys left without events go. -#}
{% macro delete_summaries_without_events() -%}
    {%- if is_incremental() -%}
        {{ delete_where(this, 'event_count = 0') }}
    {%- endif -%}
{%- endmacro %}
