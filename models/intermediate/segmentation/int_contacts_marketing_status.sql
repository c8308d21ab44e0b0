-- Marketing vs non-marketing contacts: a person is a marketing contact unless a reason in
-- seeds/non_marketing_reasons.csv applies; the highest-priority reason is reported, all of them are listed.
with

people as (

    select
        merged.contact_id,
        merged.is_marketing_opt_out,
        profiled.email_domain_type,
        coalesce(email.email_status, 'never_emailed') as email_status
    from {{ ref('int_contacts_merged') }} as merged
    inner join {{ ref('int_contacts_profiled') }} as profiled on merged.contact_id = profiled.contact_id
    left join {{ ref('int_contacts_email_status') }} as email on merged.contact_id = email.contact_id

),

applicable as (

    select
        people.contact_id,
        reasons.reason,
        reasons.priority,
        row_number() over (partition by people.contact_id order by reasons.priority) as reason_rank
    from people
    inner join {{ ref('non_marketing_reasons') }} as reasons
        on
            (reasons.reason = 'no_email' and people.email_domain_type = 'none')
            or (reasons.reason = 'invalid_email' and people.email_domain_type = 'invalid')
            or (reasons.reason = 'internal_domain' and people.email_domain_type = 'internal')
            or (reasons.reason = 'opted_out' and people.is_marketing_opt_out)
            or people.email_status = reasons.reason

),

reasons_per_contact as (

    select
        contact_id,
        max(case when reason_rank = 1 then reason end) as non_marketing_reason,
        {{ dbt.listagg('reason', "', '", 'order by priority') }} as non_marketing_reasons
    from applicable
    group by contact_id

)

select
    people.contact_id,
    people.email_status,
    reasons_per_contact.non_marketing_reason is null as is_marketing_contact,
    case when reasons_per_contact.non_marketing_reason is null then 'marketing' else 'non-marketing' end
        as marketing_status,
    reasons_per_contact.non_marketing_reason,
    reasons_per_contact.non_marketing_reasons
from people
left join reasons_per_contact on people.contact_id = reasons_per_contact.contact_id
