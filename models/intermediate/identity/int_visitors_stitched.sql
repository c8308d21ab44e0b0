-- Web visitors (cookie ids) linked to the person they turned out to be: by a form fill whose email belongs
-- to a contact, or by a session the analytics tool identified. The earliest link wins.
with

people_by_email as (

    select
        email,
        contact_id
    from {{ ref('int_contacts_merged') }}
    where is_email_valid

),

form_links as (

    select
        submissions.visitor_id,
        people_by_email.contact_id,
        submissions.submitted_at as linked_at,
        'form_submission' as linked_via
    from {{ ref('stg_marketing__form_submissions') }} as submissions
    inner join people_by_email on submissions.email = people_by_email.email
    where submissions.visitor_id is not null

),

session_links as (

    select
        sessions.visitor_id,
        identities.survivor_contact_id as contact_id,
        sessions.started_at as linked_at,
        'identified_session' as linked_via
    from {{ ref('stg_marketing__web_sessions') }} as sessions
    inner join {{ ref('int_contact_identities_resolved') }} as identities
        on sessions.contact_id = identities.contact_id
    where sessions.visitor_id is not null

),

links as (

    select * from form_links
    union all
    select * from session_links

),

ranked as (

    select
        *,
        row_number() over (partition by visitor_id order by linked_at, linked_via, contact_id) as link_rank
    from links

),

candidates as (

    select
        visitor_id,
        count(distinct contact_id) as candidate_contacts
    from links
    group by visitor_id

)

select
    ranked.visitor_id,
    ranked.contact_id,
    ranked.linked_at as stitched_at,
    ranked.linked_via as stitched_via,
    candidates.candidate_contacts
from ranked
inner join candidates on ranked.visitor_id = candidates.visitor_id
where ranked.link_rank = 1
