{#- Lead score history is incremental: each person carries the date it was last built through
    (_built_as_of). A nightly run extends a person's history from there. A person is rebuilt from scratch
    when the run is as of a date they were already built through (a re-run or a rebuild of the past), when an
    event reached them late (exported after their history was built, dated on or before it), or when they no
    longer exist as a person (merged into another). The pre-hook below deletes those histories first. -#}

{% macro lead_score_people_to_rebuild(history) -%}
    with

    built as (

        select
            contact_id,
            max(_built_as_of) as built_through
        from {{ history }}
        group by contact_id

    )

    select built.contact_id
    from built
    where built.built_through >= {{ as_of_date() }}

    union

    select built.contact_id
    from built
    inner join {{ ref('int_lead_score_events') }} as events on built.contact_id = events.contact_id
    where events._export_date > built.built_through and events.event_date <= built.built_through

    union

    select built.contact_id
    from built
    where built.contact_id not in (select people.contact_id from {{ ref('int_contacts_merged') }} as people)
{%- endmacro %}

{% macro delete_lead_scores_to_rebuild() -%}
    {%- if is_incremental() -%}
        {{ delete_where(this, 'contact_id in (' ~ lead_score_people_to_rebuild(this) ~ ')') }}
    {%- endif -%}
{%- endmacro %}

{#- The lead-scoring rules as inputs (key_kind, key, value) of int_lead_score_events: edited rules make its
    next build derive every event again. -#}
{% macro lead_scoring_rule_inputs() -%}
    select
        'rule' as key_kind,
        rule as key,
        {{ dbt.concat([
            "coalesce(event_source, '')", "'|'", "coalesce(match_field, '')", "'|'",
            "coalesce(match_pattern, '')", "'|'", "coalesce(cast(points as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(cap_points_per_day as " ~ dbt.type_string() ~ "), '')"
        ]) }} as value
    from {{ ref('lead_scoring_rules') }}
{%- endmacro %}
