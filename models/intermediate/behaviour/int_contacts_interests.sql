-- Each person's interest in each topic they acted on: action counts and the interest level (first level in
-- seeds/interest_levels.csv whose window holds enough actions; older interest is "past").
with

-- Actions after the as-of date are not counted (int_interest_actions keeps them, whatever the date).
actions as (

    select * from {{ ref('int_interest_actions') }}
    where {{ days_before_as_of('acted_at') }} >= 0

),

-- Every level needs at least one action in its window (a seed test holds min_actions to that), so actions
-- older than the widest window never make a level and are not paired with the levels at all.
recent_actions as (

    select
        contact_id,
        topic,
        acted_at
    from actions
    where {{ within_last_days('acted_at', '(select max(window_days) from ' ~ ref('interest_levels') ~ ')') }}

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

totals as (

    select
        contact_id,
        topic,
        count(*) as actions_total,
        count(distinct action_type) as action_types,
        count(case when {{ within_last_days('acted_at', 30) }} then 1 end) as actions_last_30_days,
        count(case when {{ within_last_days('acted_at', 90) }} then 1 end) as actions_last_90_days,
        max(acted_at) as last_acted_at
    from actions
    group by contact_id, topic

)

select
    totals.*,
    coalesce(levels.interest_level, 'past') as interest_level
from totals
left join levels
    on totals.contact_id = levels.contact_id and totals.topic = levels.topic and levels.level_rank = 1
