-- depends_on: {{ ref('int_contacts_merged') }}
{{
    config(
        materialized='incremental',
        unique_key=['contact_id', 'valid_from'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_lead_scores_to_rebuild() }}"
    )
}}
{#- Lead score history: one row per person per score change (valid_from inclusive, valid_to exclusive; the
    current row has no valid_to). A day with scoring actions adds their points (capped per rule and day);
    every score_decay_days without an action the score shrinks by score_decay_rate. A decay step that does not
    change the score at two decimals is not a change and gets no row. A full refresh starts every person from
    nothing; a nightly run starts a person from their current row (see macros/lead_scores.sql). -#}
{%- set factor = 1 - var('score_decay_rate') %}
{%- set period = var('score_decay_days') %}

with

prior_rows as (

    {% if is_incremental() -%}
        select * from {{ this }}
    {%- else -%}
        select
            cast(null as {{ dbt.type_string() }}) as contact_id,
            cast(null as date) as valid_from,
            cast(null as date) as valid_to,
            cast(null as double) as score,
            cast(null as double) as score_change,
            cast(null as {{ dbt.type_string() }}) as reason,
            cast(null as date) as anchor_date,
            cast(null as double) as anchor_score,
            cast(null as date) as _built_as_of
        where 1 = 0
    {%- endif %}

),

built as (

    select
        contact_id,
        max(_built_as_of) as built_through
    from prior_rows
    group by contact_id

),

current_rows as (

    select *
    from prior_rows
    where valid_to is null

),

events as (

    select events.*
    from {{ ref('int_lead_score_events') }} as events
    left join built on events.contact_id = built.contact_id
    where
        events.event_date <= {{ as_of_date() }}
        and (built.built_through is null or events.event_date > built.built_through)

),

rule_days as (

    select
        contact_id,
        event_date,
        rule,
        case
            when cap_points_per_day is not null and sum(points) > cap_points_per_day then cap_points_per_day
            else sum(points)
        end as points
    from events
    group by contact_id, event_date, rule, cap_points_per_day

),

days as (

    select
        contact_id,
        event_date as score_date,
        sum(points) as points,
        {{ dbt.listagg("rule || ' ' || " ~ signed_number('points'), "', '", 'order by rule') }} as reason,
        false as is_anchor,
        cast(null as date) as built_through
    from rule_days
    group by contact_id, event_date

    union all

    -- A person's history so far enters as one day: the last action day with the score it left. Only the
    -- people this build can change enter: those with new actions, and those whose score reaches a decay step
    -- after the date they were built through (a score of 0 stays 0). Nothing changes for anyone else.
    select
        current_rows.contact_id,
        current_rows.anchor_date as score_date,
        current_rows.anchor_score as points,
        cast(null as {{ dbt.type_string() }}) as reason,
        true as is_anchor,
        built.built_through
    from current_rows
    inner join built on current_rows.contact_id = built.contact_id
    where
        current_rows.contact_id in (select events.contact_id from events)
        or (
            current_rows.score <> 0
            and floor({{ days_between('current_rows.anchor_date', as_of_date()) }} / {{ period }})
            > floor({{ days_between('current_rows.anchor_date', 'built.built_through') }} / {{ period }})
        )

),

sequenced as (

    select
        *,
        lead(score_date) over (partition by contact_id order by score_date) as next_score_date,
        coalesce(
            floor(
                {{ days_between('lag(score_date) over (partition by contact_id order by score_date)', 'score_date') }}
                / {{ period }}
            ),
            0
        ) as decay_steps_since_previous
    from days

),

exponents as (

    select
        *,
        sum(decay_steps_since_previous) over (
            partition by contact_id order by score_date rows between unbounded preceding and current row
        ) as decay_exponent
    from sequenced

),

scored as (

    -- Score after each day: every earlier day's points, each shrunk by the decay steps since it.
    select
        *,
        power({{ factor }}, decay_exponent) * sum(points * power({{ factor }}, -decay_exponent)) over (
            partition by contact_id order by score_date rows between unbounded preceding and current row
        ) as score_after
    from exponents

),

action_rows as (

    select
        contact_id,
        score_date as valid_from,
        {{ stable_round('score_after', 2) }} as score,
        case when decay_steps_since_previous > 0 then reason || ', after decay' else reason end as reason,
        score_date as anchor_date,
        score_after as anchor_score
    from scored
    where not is_anchor

),

steps as (

    {{ number_series(2000) }}

),

decay_rows as (

    select
        scored.contact_id,
        {{ dbt.dateadd('day', 'steps.step * ' ~ period, 'scored.score_date') }} as valid_from,
        {{ stable_round('scored.score_after * power(' ~ factor ~ ', steps.step)', 2) }} as score,
        'decay' as reason,
        scored.score_date as anchor_date,
        scored.score_after as anchor_score
    from scored
    inner join steps
        on
            steps.step * {{ period }} <= {{ days_between('scored.score_date', as_of_date()) }}
            and (
                scored.next_score_date is null
                or steps.step * {{ period }} < {{ days_between('scored.score_date', 'scored.next_score_date') }}
            )
            and (
                scored.built_through is null
                or steps.step * {{ period }} > {{ days_between('scored.score_date', 'scored.built_through') }}
            )
    where
        {{ stable_round('scored.score_after * power(' ~ factor ~ ', steps.step)', 2) }}
        <> {{ stable_round('scored.score_after * power(' ~ factor ~ ', steps.step - 1)', 2) }}

),

changes as (

    select * from action_rows
    union all
    select * from decay_rows

),

new_rows as (

    select
        contact_id,
        cast(valid_from as date) as valid_from,
        cast(lead(valid_from) over (partition by contact_id order by valid_from) as date) as valid_to,
        score,
        lag(score) over (partition by contact_id order by valid_from) as previous_score,
        reason,
        cast(anchor_date as date) as anchor_date,
        anchor_score,
        {{ as_of_date() }} as _built_as_of
    from changes

),

continued as (

    -- The row that was current ends where the first new row starts.
    select
        current_rows.contact_id,
        current_rows.valid_from,
        min(new_rows.valid_from) as valid_to,
        current_rows.score,
        current_rows.score_change,
        current_rows.reason,
        current_rows.anchor_date,
        current_rows.anchor_score,
        current_rows._built_as_of
    from current_rows
    inner join new_rows on current_rows.contact_id = new_rows.contact_id
    group by
        current_rows.contact_id,
        current_rows.valid_from,
        current_rows.score,
        current_rows.score_change,
        current_rows.reason,
        current_rows.anchor_date,
        current_rows.anchor_score,
        current_rows._built_as_of

),

extended as (

    -- A row's change is from the row before it: the earlier new row, else the row that was current.
    select
        new_rows.contact_id,
        new_rows.valid_from,
        new_rows.valid_to,
        new_rows.score,
        round(new_rows.score - coalesce(new_rows.previous_score, current_rows.score, 0), 2) as score_change,
        new_rows.reason,
        new_rows.anchor_date,
        new_rows.anchor_score,
        new_rows._built_as_of
    from new_rows
    left join current_rows on new_rows.contact_id = current_rows.contact_id

)

select * from extended
union all
select * from continued
