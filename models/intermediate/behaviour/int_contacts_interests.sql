-- Each person's interest in each topic they acted on: action counts and the interest level (first level in
-- seeds/interest_levels.csv whose window holds enough actions; older interest is "past"). The counts over
-- all time come from the per-person summary (incremental); only the actions of the widest window are read.
with

-- Every level needs at least one action in its window (a seed test holds min_actions to that), so actions
-- older than the widest window (a level's, or the 90 days counted below) never count here. Actions after the
-- as-of date count nowhere (int_interest_actions keeps them, whatever the date).
recent_actions as (

    select
        contact_id,
        topic,
        acted_at
    from {{ ref('int_interest_actions') }}
    where
        {{ within_last_days(
            'acted_at', 'greatest(90, (select max(window_days) from ' ~ ref('interest_levels') ~ '))'
        ) }}

),

windows as (

    select
        recent_actions.contact_id,
        recent_actions.topic,
        levels.priority,
        levels.interest_level,
        levels.min_actions,
        count(
            case when {{ within_last_days('recent_actions.acted_at', 'levels.window_days') }} then 1 end
        ) as actions_in_window
    from recent_actions
    cross join {{ ref('interest_levels') }} as levels
    group by
        recent_actions.contact_id,
        recent_actions.topic,
        levels.priority,
        levels.interest_level,
        levels.min_actions

),

levels as (

    select
        contact_id,
        topic,
        interest_level,
        row_number() over (partition by contact_id, topic order by priority) as level_rank
    from windows
    where actions_in_window >= min_actions

),

recent_counts as (

    select
        contact_id,
        topic,
        count(case when {{ within_last_days('acted_at', 30) }} then 1 end) as actions_last_30_days,
        count(case when {{ within_last_days('acted_at', 90) }} then 1 end) as actions_last_90_days
    from recent_actions
    group by contact_id, topic

)

select
    totals.contact_id,
    totals.topic,
    totals.actions_total,
    totals.action_types,
    coalesce(recent_counts.actions_last_30_days, 0) as actions_last_30_days,
    coalesce(recent_counts.actions_last_90_days, 0) as actions_last_90_days,
    totals.last_acted_at,
    coalesce(levels.interest_level, 'past') as interest_level
from {{ ref('int_interest_actions_summarized') }} as totals
left join recent_counts on totals.contact_id = recent_counts.contact_id and totals.topic = recent_counts.topic
left join levels
    on totals.contact_id = levels.contact_id and totals.topic = levels.topic and levels.level_rank = 1
