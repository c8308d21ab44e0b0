-- One row per person: the survivor's values, gaps filled from its duplicates (most recently updated first).
{%- set merged_columns = [
    'email', 'email_domain', 'is_email_valid', 'first_name', 'last_name', 'job_title', 'phone', 'company_id',
    'company_name', 'country', 'city', 'lifecycle_stage', 'lead_status', 'owner_id', 'created_via',
    'utm_source', 'utm_medium', 'utm_campaign', 'original_source', 'first_page_seen'
] %}

with

members as (

    select
        contacts.*,
        identities.survivor_contact_id,
        identities.is_survivor,
        row_number() over (
            partition by identities.survivor_contact_id
            order by identities.is_survivor desc, contacts.updated_at desc, contacts.contact_id asc
        ) as member_priority
    from {{ ref('stg_crm__contacts') }} as contacts
    inner join {{ ref('int_contact_identities_resolved') }} as identities
        on contacts.contact_id = identities.contact_id

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

select * from merged
