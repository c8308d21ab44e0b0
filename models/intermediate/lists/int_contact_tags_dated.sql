{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='fail',
        pre_hook="{{ delete_keys_gone_upstream(ref('int_contact_tags_applied'), 'contact_id') }}"
    )
}}
{#- Every tag every person carries now with its category, origin and the date it was first applied, for
    contact_tags. Incremental per person (macros/incremental_keys.sql): every night fingerprints everyone's
    tags, but writes again only the people whose tags changed (a fraction of a percent a night), stamped with
    the build, so publishing catches up last night's serving copy. The pre-hook deletes the people left
    without tags. -#}
{%- set columns = ['tag', 'category', 'origin', 'first_applied_on'] %}

with

tags as {{ inlined() }} (

    select
        applied.contact_id,
        applied.tag,
        applied.category,
        applied.origin,
        first_applied.first_applied_on
    from {{ ref('int_contact_tags_applied') }} as applied
    inner join {{ ref('int_contact_tags_first_applied') }} as first_applied
        on applied.contact_id = first_applied.contact_id and applied.tag = first_applied.tag

){%- if is_incremental() %},

derived_fingerprints as (

    {{ key_fingerprints('tags', 'contact_id', columns) }}

),

{{ changed_keys('derived_fingerprints', 'contact_id', columns) }}
{%- endif %}

select
    tags.*,
    {{ built_at() }} as _built_at
from tags
{%- if is_incremental() %}
where tags.contact_id in (select changed_keys.contact_id from changed_keys)
{%- endif %}
