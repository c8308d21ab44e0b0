-- Who is on each list now: the open stays of list_membership_history.
select
    history.list_name,
    history.contact_id,
    definitions.list_kind,
    definitions.is_marketing,
    history.entered_on
from {{ ref('list_membership_history') }} as history
inner join {{ ref('stg_lists__definitions') }} as definitions on history.list_name = definitions.list_name
where history.exited_on is null
