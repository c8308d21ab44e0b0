-- The people each list holds before the consent guard: for an active list whoever its filters select today,
-- for a static list its frozen members under the current `refresh` value.
with

definitions as (

    select * from {{ ref('stg_lists__definitions') }}
    where not is_rule_tag

)

select
    list_matches.list_name,
    list_matches.contact_id
from {{ ref('int_lists_matched') }} as list_matches
inner join definitions on list_matches.list_name = definitions.list_name
where definitions.list_kind = 'active'
union all
select
    frozen.list_name,
    frozen.contact_id
from {{ ref('int_static_list_snapshots') }} as frozen
inner join definitions
    on frozen.list_name = definitions.list_name and frozen.refresh_token = definitions.refresh_token
where definitions.list_kind = 'static'
