-- One row per person: the survivor's values, gaps filled from its duplicates (most recently updated first).
-- Most people have one record: theirs pass through as they are, and only the records of people with
-- duplicates go through the ordered aggregates, which cost far more per row.
{%- set merged_columns = [
    'email', 'email_domain', 'is_email_valid', 'first_name', 'last_name', 'job_title', 'phone', 'company_id',
    'company_name', 'country', 'city', 'lifecycle_stage', 'lead_status', 'owner_id', 'created_via',
    'utm_source', 'utm_medium', 'utm_campaign', 'original_source', 'first_page_seen'
] %}

with

record_counts as (

    select
        survivor_contact_id,
        count(*) as record_count
    from {{ ref('int_contact_identities_resolved') }}
    group by survivor_contact_id

),

records as (

    select
        contacts.*,
        identities.survivor_contact_id,
        identities.is_survivor,
        record_counts.record_count
    from {{ ref('stg_crm__contacts') }} as contacts
    inner join {{ ref('int_contact_identities_resolved') }} as identities
        on contacts.contact_id = identities.contact_id
    inner join record_counts on identities.survivor_contact_id = record_counts.survivor_contact_id

),

single_records as (

    select
        survivor_contact_id as contact_id,
        {% for column in merged_columns -%}
            {{ column }},
        {% endfor -%}
        coalesce(is_marketing_opt_out, false) as is_marketing_opt_out,
        tags,
        case when not is_survivor then contact_id end as merged_contact_ids,
        record_count - 1 as duplicate_count,
        created_at,
        updated_at
    from records
    where record_count = 1

),

members as (

    select
        *,
        row_number() over (
            partition by survivor_contact_id
            order by is_survivor desc, updated_at desc, contact_id asc
        ) as member_priority
    from records
    where record_count > 1

),

merged as (

    select
        survivor_contact_id as contact_id,
        {% for column in merged_columns -%}
            min_by({{ column }}, member_priority) filter (where {{ column }} is not null) as {{ column }},
        {% endfor -%}
        -- any record opting out opts the person out
        max(case when is_marketing_opt_out then 1 else 0 end) = 1 as is_marketing_opt_out,
        {{ dbt.listagg('tags', "';'", 'order by member_priority') }} as tags,
        {{ dbt.listagg('case when not is_survivor then contact_id end', "','", 'order by contact_id') }}
            as merged_contact_ids,
        count(*) - 1 as duplicate_count,
        min(created_at) as created_at,
        max(updated_at) as updated_at
    from members
    group by survivor_contact_id

)

select * from single_records
union all
select * from merged
