-- Each person's seniority and department from their job title (first matching pattern in
-- seeds/seniority_rules.csv and seeds/department_rules.csv, any language), the buyer persona those imply
-- (seeds/persona_rules.csv), and what kind of email address they gave.
with

people as (

    select
        contact_id,
        job_title,
        lower(trim(job_title)) as title,
        email,
        email_domain,
        is_email_valid
    from {{ ref('int_contacts_merged') }}

),

titles as (

    select distinct title
    from people
    where title is not null

),

seniorities as (

    select
        titles.title,
        rules.seniority,
        row_number() over (partition by titles.title order by rules.rule_order) as match_rank
    from titles
    inner join {{ ref('seniority_rules') }} as rules
        on {{ regex_matches('titles.title', 'rules.title_pattern') }}

),

departments as (

    select
        titles.title,
        rules.department,
        row_number() over (partition by titles.title order by rules.rule_order) as match_rank
    from titles
    inner join {{ ref('department_rules') }} as rules
        on {{ regex_matches('titles.title', 'rules.title_pattern') }}

),

classified as (

    select
        titles.title,
        seniorities.seniority,
        departments.department
    from titles
    left join seniorities on titles.title = seniorities.title and seniorities.match_rank = 1
    left join departments on titles.title = departments.title and departments.match_rank = 1

),

personas as (

    select
        classified.title,
        rules.persona,
        row_number() over (partition by classified.title order by rules.rule_order) as match_rank
    from classified
    inner join {{ ref('persona_rules') }} as rules
        on
            (
                rules.department = '*'
                or {{ dbt.position("'|' || classified.department || '|'", "'|' || rules.department || '|'") }} > 0
            )
            and (
                rules.seniority = '*'
                or {{ dbt.position("'|' || classified.seniority || '|'", "'|' || rules.seniority || '|'") }} > 0
            )

)

select
    people.contact_id,
    people.job_title,
    classified.seniority,
    classified.department,
    coalesce(personas.persona, '{{ var("fallback_persona") }}') as persona,
    case
        when people.email is null then 'none'
        when not people.is_email_valid then 'invalid'
        when people.email_domain in (select internal.domain from {{ ref('internal_domains') }} as internal)
            then 'internal'
        when people.email_domain in (select free.domain from {{ ref('free_mail_domains') }} as free) then 'free'
        else 'corporate'
    end as email_domain_type
from people
left join classified on people.title = classified.title
left join personas on people.title = personas.title and personas.match_rank = 1
