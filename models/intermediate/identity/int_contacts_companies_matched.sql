-- Each person's company: the CRM's link when it points at a known company, else the company whose domain
-- equals the person's email domain (one company only, never a free-mail or internal domain).
with

people as (

    select
        contact_id,
        company_id,
        email_domain
    from {{ ref('int_contacts_merged') }}

),

companies as (

    select
        company_id,
        domain
    from {{ ref('stg_crm__companies') }}

),

unambiguous_domains as (

    select
        domain,
        min(company_id) as company_id
    from companies
    where domain is not null
    group by domain
    having count(*) = 1

),

matchable_people as (

    select people.*
    from people
    where
        people.email_domain is not null
        and people.email_domain not in (select free.domain from {{ ref('free_mail_domains') }} as free)
        and people.email_domain not in (select internal.domain from {{ ref('internal_domains') }} as internal)

)

select
    people.contact_id,
    coalesce(linked.company_id, by_domain.company_id) as company_id,
    case
        when linked.company_id is not null then 'crm_link'
        when by_domain.company_id is not null then 'email_domain'
        else 'none'
    end as company_match_method
from people
left join companies as linked on people.company_id = linked.company_id
left join matchable_people on people.contact_id = matchable_people.contact_id
left join unambiguous_domains as by_domain on matchable_people.email_domain = by_domain.domain
