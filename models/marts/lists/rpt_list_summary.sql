-- One row per list: members now, how many its filters select, how many the consent guard keeps out, and the
-- stays that began or ended on the as-of date.
with

definitions as (

    select * from {{ ref('stg_lists__definitions') }}
    where not is_rule_tag

),

selected as (

    select * from {{ ref('int_list_candidates') }}

),

selected_counts as (

    select
        selected.list_name,
        count(*) as selected_contacts,
        count(case when not contacts.is_marketing_contact then 1 end) as non_marketing_selected
    from selected
    inner join {{ ref('dim_contacts') }} as contacts on selected.contact_id = contacts.contact_id
    group by selected.list_name

),

movements as (

    select
        list_name,
        count(case when exited_on is null then 1 end) as members,
        count(case when entered_on = {{ as_of_date() }} then 1 end) as entered_on_as_of_date,
        count(case when exited_on = {{ as_of_date() }} then 1 end) as exited_on_as_of_date
    from {{ ref('list_membership_history') }}
    group by list_name

)

select
    definitions.list_name,
    definitions.list_description,
    definitions.list_kind,
    definitions.is_marketing,
    coalesce(movements.members, 0) as members,
    coalesce(selected_counts.selected_contacts, 0) as selected_contacts,
    case
        when definitions.is_marketing then coalesce(selected_counts.non_marketing_selected, 0) else 0
    end as excluded_non_marketing,
    coalesce(movements.entered_on_as_of_date, 0) as entered_on_as_of_date,
    coalesce(movements.exited_on_as_of_date, 0) as exited_on_as_of_date,
    {{ as_of_date() }} as as_of_date
from definitions
left join selected_counts on definitions.list_name = selected_counts.list_name
left join movements on definitions.list_name = movements.list_name
