-- Each form fill with the person who filled it: by the email entered, else by the visitor's stitched contact.
select
    submissions.submission_id,
    submissions.form_id,
    submissions.form_name,
    submissions.form_type,
    submissions.visitor_id,
    submissions.page,
    submissions.submitted_at,
    submissions._export_date,
    coalesce(by_email.contact_id, stitched.contact_id) as contact_id,
    case
        when by_email.contact_id is not null then 'email'
        when stitched.contact_id is not null then 'visitor_stitching'
    end as contact_link
from {{ ref('stg_marketing__form_submissions') }} as submissions
left join {{ ref('int_contacts_merged') }} as by_email
    on submissions.email = by_email.email and by_email.is_email_valid
left join {{ ref('int_visitors_stitched') }} as stitched
    on submissions.visitor_id = stitched.visitor_id
