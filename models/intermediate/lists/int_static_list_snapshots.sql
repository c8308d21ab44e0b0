{{
    config(
        materialized='incremental',
        unique_key=['list_name', 'refresh_token', 'contact_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- The frozen members of each static list: filled by the first build that sees the list (or a new value of
-- its `refresh`), never changed afterwards.
with

static_lists as (

    select
        list_name,
        refresh_token
    from {{ ref('stg_lists__definitions') }}
    where list_kind = 'static' and not is_rule_tag

),

to_fill as (

    select static_lists.*
    from static_lists
    {% if is_incremental() -%}
        where not exists (
            select 1
            from {{ this }} as filled
            where filled.list_name = static_lists.list_name and filled.refresh_token = static_lists.refresh_token
        )
    {%- endif %}

)

select
    to_fill.list_name,
    to_fill.refresh_token,
    list_matches.contact_id,
    {{ as_of_date() }} as filled_on
from to_fill
inner join {{ ref('int_lists_matched') }} as list_matches on to_fill.list_name = list_matches.list_name
