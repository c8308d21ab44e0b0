-- Every CRM contact id and the surviving record of the person it belongs to: contacts sharing a valid
-- email (trimmed, lower-cased) are one person; the earliest created record survives.
with

contacts as (

    select
        contact_id,
        email,
        is_email_valid,
        created_at,
        case when is_email_valid then email else contact_id end as person_key
    from {{ ref('stg_crm__contacts') }}

),

ranked as (

    select
        contact_id,
        person_key,
        case when is_email_valid then email end as merged_on_email,
        row_number() over (partition by person_key order by created_at, contact_id) as record_rank
    from contacts

),

survivors as (

    select
        person_key,
        contact_id as survivor_contact_id
    from ranked
    where record_rank = 1

)

select
    ranked.contact_id,
    survivors.survivor_contact_id,
    ranked.merged_on_email,
    ranked.record_rank = 1 as is_survivor
from ranked
inner join survivors on ranked.person_key = survivors.person_key
