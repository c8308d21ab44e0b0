{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='submission_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_changed_export_days(ref('stg_marketing__form_submissions')) }}"
    )
}}
{#- Each form fill with the person who filled it: by the email entered, else by the visitor's stitched
    contact. Incremental by export day (macros/incremental_days.sql): a night reads only the changed export
    days from staging. A held fill's person can still change (merges, newly stitched visitors), so the held
    fills are derived again and those whose person changed are rewritten (a scan of under a million rows at
    1M contacts: cheaper than keeping the emails and visitors it read beside it, as the email events do). So
    its rows are stamped, and the scoring events and interest actions take in only the fills written since. -#}
{%- set carried = {
    'submission_id': 'submission_id',
    'form_id': 'form_id',
    'form_name': 'form_name',
    'form_type': 'form_type',
    'visitor_id': 'visitor_id',
    'email': 'email',
    'page': 'page',
    'submitted_at': 'submitted_at',
} %}
{%- set derived_columns = ['contact_id', 'contact_link'] %}

with

submissions as (

    {{ changed_days_and_held_rows(ref('stg_marketing__form_submissions'), carried, derived_columns) }}

),

linked as (

    select
        submissions.*,
        coalesce(by_email.contact_id, stitched.contact_id) as contact_id,
        case
            when by_email.contact_id is not null then 'email'
            when stitched.contact_id is not null then 'visitor_stitching'
        end as contact_link
    from submissions
    left join {{ ref('int_contacts_merged') }} as by_email
        on submissions.email = by_email.email and by_email.is_email_valid
    left join {{ ref('int_visitors_stitched') }} as stitched
        on submissions.visitor_id = stitched.visitor_id

)

select
    submission_id,
    form_id,
    form_name,
    form_type,
    visitor_id,
    email,
    page,
    submitted_at,
    contact_id,
    contact_link,
    _export_date,
    _loaded_at,
    {{ built_at() }} as _built_at
from linked
where {{ derived_values_changed(derived_columns) }}
