-- Each scored person's lead score as of the build date, its trend, band, and rank-based flags: top scorers
-- (best score in the last lead_score_top_days, top lead_score_top_share), biggest risers (change over
-- lead_score_rise_days, top share of the rises) and drops (any fall over lead_score_drop_days).
{%- set top_from = dbt.dateadd('day', -(var('lead_score_top_days') - 1), as_of_date()) %}

with

history as (

    select * from {{ ref('int_lead_scores_historized') }}
    where valid_from <= {{ as_of_date() }}

),

scores as (

    select
        contact_id,
        max(case when {{ valid_on(as_of_date()) }} then score end) as lead_score,
        max(case when {{ valid_on(dbt.dateadd('day', -var('lead_score_rise_days'), as_of_date())) }} then score end)
            as score_before_rise_window,
        max(case when {{ valid_on(dbt.dateadd('day', -var('lead_score_drop_days'), as_of_date())) }} then score end)
            as score_before_drop_window,
        max(case when valid_to is null or valid_to > {{ top_from }} then score end) as best_score_in_top_window,
        max(valid_from) as last_score_change_on
    from history
    group by contact_id

),

changes as (

    select
        *,
        lead_score - coalesce(score_before_rise_window, 0) as rise_window_change,
        lead_score - coalesce(score_before_drop_window, 0) as drop_window_change,
        lead_score - coalesce(score_before_rise_window, 0) > 0 as is_rising
    from scores

),

ranked as (

    select
        *,
        percent_rank() over (order by best_score_in_top_window) as top_window_rank,
        case
            when is_rising then percent_rank() over (partition by is_rising order by rise_window_change)
        end as rise_rank
    from changes

)

select
    ranked.contact_id,
    ranked.lead_score,
    bands.lead_score_band,
    ranked.score_before_rise_window,
    ranked.rise_window_change,
    ranked.drop_window_change,
    ranked.best_score_in_top_window,
    ranked.last_score_change_on,
    ranked.top_window_rank >= 1 - {{ var('lead_score_top_share') }} and ranked.best_score_in_top_window > 0
        as is_top_scorer,
    coalesce(ranked.rise_rank >= 1 - {{ var('lead_score_top_share') }}, false) as is_biggest_riser,
    ranked.drop_window_change < 0 as has_dropped
from ranked
left join {{ ref('lead_score_bands') }} as bands
    on
        (bands.min_score is null or ranked.lead_score >= bands.min_score)
        and (bands.max_score is null or ranked.lead_score < bands.max_score)
