{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_restamped_rows(
            restamped_plan('topics', interest_topic_inputs()),
            stamped_event_models('email_click', 'search_term'),
            [],
            source_column='action_type'
        ) }}",
        post_hook="{{ save_held_inputs('topics', interest_topic_inputs()) }}"
    )
}}
{#- Every action that shows interest in a topic (seeds/interest_topics.csv): a clicked email link, a visited
    page, a search term that brought the person to the site, a form filled (its page and its name). One row
    per action and topic. Opens are not actions. Actions after the as-of date are kept (the interests leave
    them out), so a row depends on nothing but its event and the topics. Incremental by stamp
    (macros/incremental_restamped.sql): a night derives again only the clicks, page views, sessions (their
    search terms) and form fills written since the last build. -#}
{%- set plan = restamped_plan('topics', interest_topic_inputs()) %}
with

actions as (

    select
        {{ dbt.concat(["'click:'", 'event_id']) }} as action_id,
        event_id as source_event_id,
        _export_date,
        contact_id,
        occurred_at as acted_at,
        'email_click' as action_type,
        'url' as text_kind,
        coalesce(url_page, lower(url)) as action_text
    from {{ ref('int_email_events_attributed') }}
    where event_type = 'click' and contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        {{ dbt.concat(["'view:'", 'page_view_id']) }} as action_id,
        page_view_id as source_event_id,
        _export_date,
        contact_id,
        viewed_at as acted_at,
        'page_view' as action_type,
        'url' as text_kind,
        page as action_text
    from {{ ref('int_page_views_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        {{ dbt.concat(["'search:'", 'session_id']) }} as action_id,
        session_id as source_event_id,
        _export_date,
        contact_id,
        started_at as acted_at,
        'search_term' as action_type,
        'search_term' as text_kind,
        lower(replace(utm_term, '+', ' ')) as action_text
    from {{ ref('int_web_sessions_attributed') }}
    where utm_term is not null and contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        {{ dbt.concat(["'form:'", 'submission_id']) }} as action_id,
        submission_id as source_event_id,
        _export_date,
        contact_id,
        submitted_at as acted_at,
        'form_submission' as action_type,
        'url' as text_kind,
        page as action_text
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null and {{ restamped_since(plan) }}

    union all

    select
        {{ dbt.concat(["'form:'", 'submission_id']) }} as action_id,
        submission_id as source_event_id,
        _export_date,
        contact_id,
        submitted_at as acted_at,
        'form_submission' as action_type,
        'form_name' as text_kind,
        lower(form_name) as action_text
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null and form_name is not null and {{ restamped_since(plan) }}

),

distinct_texts as (

    select distinct
        text_kind,
        action_text
    from actions

),

texts as (

    -- Patterns are matched once per distinct text, not once per action.
    select distinct
        distinct_texts.text_kind,
        distinct_texts.action_text,
        topics.topic
    from distinct_texts
    inner join {{ ref('interest_topics') }} as topics
        on
            (topics.applies_to = 'any' or distinct_texts.text_kind = topics.applies_to)
            and {{ regex_matches('distinct_texts.action_text', 'topics.pattern') }}

),

action_topics as {{ inlined() }} (

    select
        actions.action_id,
        actions.contact_id,
        actions.acted_at,
        actions.action_type,
        texts.topic,
        actions.source_event_id,
        actions._export_date,
        {{ built_at() }} as _built_at
    from actions
    inner join texts on actions.text_kind = texts.text_kind and actions.action_text = texts.action_text

)

-- Each action has one text, but a form has two (its page and its name) that may name the same topic: only
-- forms need the distinct, and making every action distinct costs more than matching them.
select * from action_topics
where action_type <> 'form_submission'

union all

select distinct
    action_id,
    contact_id,
    acted_at,
    action_type,
    topic,
    source_event_id,
    _export_date,
    _built_at
from action_topics
where action_type = 'form_submission'
