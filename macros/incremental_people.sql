{#- Person-grain summaries of an incremental event model (one whose rows carry _built_at) are incremental per
    person: a night summarizes again only the people whose events up to the as-of day may have changed, and
    keeps everyone else's row. A person's set of events changes only when
      - an event row was written for them after this model's latest build (new or replayed export days,
        events re-attributed to them): event rows with a later _built_at;
      - an event left them (re-attributed to someone else, its export day replayed without it, the as-of date
        moved back before it): their event count differs from the held one;
      - the as-of date moved forward past their events: events dated after the held as-of date.
    Such summaries hold no rule and no date window, so a changed rule or a new day re-classifies everyone in
    the cheap models downstream. Their rows carry the as-of date they were summarized for (_as_of_date) and
    when their build started (_built_at); a held row whose person has no event left is written again with an
    event_count of 0 and removed by the post-hook delete_people_without_events(). -#}

{#- full: summarize everyone (first build, full refresh, or an empty model); people: see above. -#}
{% macro people_refresh_plan() -%}
    {%- set full = {'mode': 'full'} -%}
    {%- if not execute or not is_incremental() -%}{{ return(full) }}{%- endif -%}
    {%- set held = run_query(
        "select max(_built_at), max(_as_of_date) from " ~ this
        ~ " where _built_at = (select max(_built_at) from " ~ this ~ ")"
    ).rows[0] -%}
    {%- if held[0] is none -%}{{ return(full) }}{%- endif -%}
    {{ return({'mode': 'people', 'built_at': held[0] | string, 'as_of': held[1] | string}) }}
{%- endmacro %}

{#- Two CTEs: `event_counts` (each person's events now), and `people`, whose summary this run writes, from `events` (a CTE of the event
    model's rows up to the as-of day, with person_column, occurred_at and _built_at) and the held rows. -#}
{% macro people_to_refresh(plan, events, person_column) -%}
event_counts as (

    select
        {{ person_column }},
        count(*) as event_count
    from {{ events }}
    group by {{ person_column }}

),

people as (

    select {{ person_column }}
    from {{ events }}
    where
        _built_at > cast('{{ plan.built_at }}' as timestamp)
        or occurred_at >= {{ dbt.dateadd('day', 1, "cast('" ~ plan.as_of ~ "' as date)") }}

    union

    select coalesce(event_counts.{{ person_column }}, held.{{ person_column }}) as {{ person_column }}
    from event_counts
    full outer join {{ this }} as held on event_counts.{{ person_column }} = held.{{ person_column }}
    where coalesce(event_counts.event_count, 0) <> coalesce(held.event_count, 0)

)
{%- endmacro %}

{#- Post-hook: the rows written for people left without events go. -#}
{% macro delete_people_without_events() -%}
    {%- if is_incremental() -%}
        {{ delete_where(this, 'event_count = 0') }}
    {%- endif -%}
{%- endmacro %}
