{{
    config(
        materialized='incremental',
        unique_key=['contact_id', 'tag'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- When each person first carried each tag: the as-of date of the first build that saw it. Kept across builds
-- (incremental); a full refresh starts again from the current build. A build writes only the tags it sees
-- first (new ones, or held ones a build of an earlier as-of date sees before their held date); every other
-- held date is already the earlier one.
with

current_tags as (

    select
        contact_id,
        tag,
        {{ as_of_date() }} as seen_on
    from {{ ref('int_contact_tags_applied') }}

)

select
    current_tags.contact_id,
    current_tags.tag,
    current_tags.seen_on as first_applied_on
from current_tags
{% if is_incremental() -%}
    left join {{ this }} as earlier
        on current_tags.contact_id = earlier.contact_id and current_tags.tag = earlier.tag
    where earlier.first_applied_on is null or current_tags.seen_on < earlier.first_applied_on
{%- endif %}
