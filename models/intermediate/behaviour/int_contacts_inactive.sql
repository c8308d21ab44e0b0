-- Each person in each inactivity segment of seeds/inactivity_rules.csv: the rule's signal (last interaction,
-- last marketing touch or last sales touch) did not happen within the last `days` days (the as-of day and
-- the days - 1 before it), or never happened, and the person's lifecycle stage is one the rule covers.
with

people as (

    select
        merged.contact_id,
        merged.lifecycle_stage,
        touches.last_interaction_at,
        touches.last_marketing_touch_at,
        touches.last_sales_touch_at
    from {{ ref('int_contacts_merged') }} as merged
    left join {{ ref('int_contacts_touches_summarized') }} as touches on merged.contact_id = touches.contact_id

),

signals as (

    select
        people.contact_id,
        rules.segment,
        rules.days,
        case rules.signal
            when 'last_interaction_at' then people.last_interaction_at
            when 'last_marketing_touch_at' then people.last_marketing_touch_at
            when 'last_sales_touch_at' then people.last_sales_touch_at
        end as last_signal_at
    from people
    inner join {{ ref('inactivity_rules') }} as rules
        on
            rules.lifecycle_stages = '*'
            or {{ dbt.position("'|' || people.lifecycle_stage || '|'", "'|' || rules.lifecycle_stages || '|'") }} > 0

)

select
    contact_id,
    segment,
    last_signal_at,
    {{ days_before_as_of('last_signal_at') }} as days_since_signal
from signals
where last_signal_at is null or not {{ within_last_days('last_signal_at', 'days') }}
