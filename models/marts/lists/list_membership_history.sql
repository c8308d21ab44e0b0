{{
    config(
        materialized='incremental',
        unique_key=['list_name', 'contact_id', 'entered_on'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- Every stay of a person on a list: entered_on, and exited_on once they left (no longer matching the
-- filters, losing marketing consent on a marketing list, or the list being removed). Each build compares the
-- list's members as of its as-of date with the open stays; a build with an as-of date before the last recorded
-- change leaves the history alone.
with

definitions as (

    select * from {{ ref('stg_lists__definitions') }}
    where not is_rule_tag

),

candidates as (

    select * from {{ ref('int_list_candidates') }}

),

members_now as (

    select
        candidates.list_name,
        candidates.contact_id
    from candidates
    inner join definitions on candidates.list_name = definitions.list_name
    inner join {{ ref('dim_contacts') }} as contacts on candidates.contact_id = contacts.contact_id
    where not definitions.is_marketing or contacts.is_marketing_contact

),

open_stays as (

    {% if is_incremental() -%}
        select
            list_name,
            contact_id,
            entered_on
        from {{ this }}
        where exited_on is null
    {%- else -%}
        select
            list_name,
            contact_id,
            cast(null as date) as entered_on
        from members_now
        where 1 = 0
    {%- endif %}

),

compared as (

    select
        coalesce(members_now.list_name, open_stays.list_name) as list_name,
        coalesce(members_now.contact_id, open_stays.contact_id) as contact_id,
        open_stays.entered_on as open_since,
        members_now.contact_id is not null as is_member_now
    from members_now
    full outer join open_stays
        on members_now.list_name = open_stays.list_name and members_now.contact_id = open_stays.contact_id

),

entered as (

    select
        list_name,
        contact_id,
        {{ as_of_date() }} as entered_on,
        cast(null as date) as exited_on,
        cast(null as {{ dbt.type_string() }}) as exit_reason
    from compared
    where is_member_now and open_since is null

),

exited as (

    select
        compared.list_name,
        compared.contact_id,
        compared.open_since as entered_on,
        {{ as_of_date() }} as exited_on,
        case
            when definitions.list_name is null then 'list removed'
            when candidates.contact_id is not null then 'no marketing consent'
            else 'no longer matches'
        end as exit_reason
    from compared
    left join definitions on compared.list_name = definitions.list_name
    left join candidates
        on compared.list_name = candidates.list_name and compared.contact_id = candidates.contact_id
    where not compared.is_member_now and compared.open_since is not null

),

changes as (

    select * from entered
    union all
    select * from exited

)

select changes.*
from changes
{% if is_incremental() -%}
    where {{ as_of_date() }} >= (
        select coalesce(max(coalesce(exited_on, entered_on)), {{ as_of_date() }}) from {{ this }}
    )
{%- endif %}
