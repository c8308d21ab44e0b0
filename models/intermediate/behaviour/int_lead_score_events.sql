{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_restamped_rows(
            restamped_plan('rules', lead_scoring_rule_inputs()),
            stamped_event_models('email_event', 'web_session'),
            ['activity']
        ) }}",
        post_hook="{{ save_held_inputs('rules', lead_scoring_rule_inputs()) }}"
    )
}}
{#- Every event that earns lead-score points (seeds/lead_scoring_rules.csv): one row per event and matching
    rule, with the points and the rule's daily cap. Incremental by stamp (macros/incremental_restamped.sql):
    a night derives again only the email events, web sessions, page views and form fills written since the
    last build, and whole the CRM activities (a small table rebuilt every night). -#}
{%- set plan = restamped_plan('rules', lead_scoring_rule_inputs()) %}
with

-- Read twice (distinct values, then the events): read from the sources each time, not stored in between.
candidates as {{ inlined() }} (

    select
        'email_event' as event_source,
        event_id as source_event_id,
        contact_id,
        occurred_at as event_at,
        _export_date,
        'event_type' as match_field,
        event_type as match_value
    from {{ ref('int_email_events_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        'email_event' as event_source,
        event_id as source_event_id,
        contact_id,
        occurred_at as event_at,
        _export_date,
        'bounce_type' as match_field,
        bounce_type as match_value
    from {{ ref('int_email_events_attributed') }}
    where contact_id is not null and bounce_type is not null and {{ restamped_since(plan) }}

    union all

    select
        'web_session' as event_source,
        session_id as source_event_id,
        contact_id,
        started_at as event_at,
        _export_date,
        'channel' as match_field,
        channel as match_value
    from {{ ref('int_web_sessions_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        'page_view' as event_source,
        page_view_id as source_event_id,
        contact_id,
        viewed_at as event_at,
        _export_date,
        'content_group' as match_field,
        content_group as match_value
    from {{ ref('int_page_views_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        'form_submission' as event_source,
        submission_id as source_event_id,
        contact_id,
        submitted_at as event_at,
        _export_date,
        'form_type' as match_field,
        form_type as match_value
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        'form_submission' as event_source,
        submission_id as source_event_id,
        contact_id,
        submitted_at as event_at,
        _export_date,
        'form_name' as match_field,
        form_name as match_value
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        'activity' as event_source,
        activities.activity_id as source_event_id,
        identities.survivor_contact_id as contact_id,
        activities.occurred_at as event_at,
        activities._export_date,
        'activity_type' as match_field,
        activities.activity_type as match_value
    from {{ ref('stg_crm__activities') }} as activities
    inner join {{ ref('int_contact_identities_resolved') }} as identities
        on activities.contact_id = identities.contact_id

),

candidate_values as (

    select distinct
        event_source,
        match_field,
        match_value
    from candidates

),

-- The rules' patterns are matched once per distinct value, not once per event (values repeat millions of times).
values_matched as (

    select
        candidate_values.event_source,
        candidate_values.match_field,
        candidate_values.match_value,
        rules.rule,
        rules.points,
        rules.cap_points_per_day
    from candidate_values
    inner join {{ ref('lead_scoring_rules') }} as rules
        on
            candidate_values.event_source = rules.event_source
            and candidate_values.match_field = rules.match_field
            and {{ regex_matches('lower(candidate_values.match_value)', 'rules.match_pattern') }}

)

select
    {{ dbt.concat(['candidates.event_source', "':'", 'candidates.source_event_id', "':'", 'values_matched.rule']) }}
        as scoring_event_id,
    candidates.event_source,
    candidates.source_event_id,
    candidates.contact_id,
    candidates.event_at,
    cast(candidates.event_at as date) as event_date,
    values_matched.rule,
    values_matched.points,
    values_matched.cap_points_per_day,
    candidates._export_date,
    {{ built_at() }} as _built_at
from candidates
inner join values_matched
    on
        candidates.event_source = values_matched.event_source
        and candidates.match_field = values_matched.match_field
        and candidates.match_value = values_matched.match_value
