-- Each person's latest touches: their own latest action (email click, web visit, form fill, or an activity
-- type counted as an interaction), the latest marketing touch (email sent), the latest sales touch
-- (activity types counted as sales touches, seeds/activity_types.csv).
-- Email and web touches come from the per-person summaries up to the as-of day (incremental), not from
-- every event of the history.
with

activity_kinds as (

    select
        activity_type,
        'interaction' as touch_kind
    from {{ ref('activity_types') }}
    where is_interaction

    union all

    select
        activity_type,
        'sales' as touch_kind
    from {{ ref('activity_types') }}
    where is_sales_touch

),

touches as (

    select
        contact_id,
        last_click_at as touched_at,
        'interaction' as touch_kind
    from {{ ref('int_contacts_email_summarized') }}
    where last_click_at is not null

    union all

    select
        contact_id,
        last_sent_at as touched_at,
        'marketing' as touch_kind
    from {{ ref('int_contacts_email_summarized') }}
    where last_sent_at is not null

    union all

    select
        contact_id,
        latest_session_at as touched_at,
        'interaction' as touch_kind
    from {{ ref('int_contacts_sessions_summarized') }}
    where latest_session_at is not null

    union all

    select
        contact_id,
        submitted_at as touched_at,
        'interaction' as touch_kind
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null

    union all

    select
        identities.survivor_contact_id as contact_id,
        activities.occurred_at as touched_at,
        kinds.touch_kind
    from {{ ref('stg_crm__activities') }} as activities
    inner join {{ ref('int_contact_identities_resolved') }} as identities
        on activities.contact_id = identities.contact_id
    inner join activity_kinds as kinds on activities.activity_type = kinds.activity_type

)

select
    contact_id,
    max(case when touch_kind = 'interaction' then touched_at end) as last_interaction_at,
    max(case when touch_kind = 'marketing' then touched_at end) as last_marketing_touch_at,
    max(case when touch_kind = 'sales' then touched_at end) as last_sales_touch_at
from touches
where {{ days_before_as_of('touched_at') }} >= 0
group by contact_id
