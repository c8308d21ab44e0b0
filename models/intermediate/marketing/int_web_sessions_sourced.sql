-- Each web session with its traffic source in GA4's terms and the person it belongs to (identified by the
-- analytics tool, or by stitching its visitor to a contact), including sessions before they converted.
with

sessions as (

    select * from {{ ref('stg_marketing__web_sessions') }}

),

referrer_categories as (

    select
        sessions.session_id,
        coalesce(max(by_host.category), max(by_label.category)) as referrer_category
    from sessions
    left join {{ ref('channel_source_categories') }} as by_host
        on sessions.referrer_host = by_host.source
    left join {{ ref('channel_source_categories') }} as by_label
        on {{ source_label('sessions.referrer_host') }} = by_label.source
    where sessions.referrer_host is not null
    group by sessions.session_id

),

sourced as (

    select
        sessions.session_id,
        sessions.visitor_id,
        sessions.contact_id as crm_contact_id,
        sessions.started_at,
        sessions.landing_page,
        sessions.utm_content,
        sessions.utm_term,
        sessions._export_date,
        -- Source and medium as GA4 derives them: tags, then ad-click ids, then the referrer, else direct.
        case
            when sessions.utm_source is not null then lower(trim(sessions.utm_source))
            when {{ dbt.position("'gclid='", 'sessions.landing_page_url') }} > 0 then 'google'
            when sessions.referrer_host is not null then sessions.referrer_host
            else '(direct)'
        end as source,
        case
            when sessions.utm_source is not null then coalesce(lower(trim(sessions.utm_medium)), '(not set)')
            when {{ dbt.position("'gclid='", 'sessions.landing_page_url') }} > 0 then 'cpc'
            when referrer_categories.referrer_category = 'search' then 'organic'
            when sessions.referrer_host is not null then 'referral'
            else '(none)'
        end as medium,
        coalesce(lower(trim(sessions.utm_campaign)), '(not set)') as campaign
    from sessions
    left join referrer_categories on sessions.session_id = referrer_categories.session_id

)

select
    sourced.session_id,
    sourced.visitor_id,
    coalesce(identified_contacts.survivor_contact_id, stitched.contact_id) as contact_id,
    case
        when identified_contacts.survivor_contact_id is not null then 'identified_session'
        when stitched.contact_id is not null then 'visitor_stitching'
    end as contact_link,
    sourced.started_at,
    sourced.landing_page,
    sourced.source,
    sourced.medium,
    sourced.campaign,
    sourced.utm_content,
    sourced.utm_term,
    sourced._export_date
from sourced
left join {{ ref('int_contact_identities_resolved') }} as identified_contacts
    on sourced.crm_contact_id = identified_contacts.contact_id
left join {{ ref('int_visitors_stitched') }} as stitched
    on sourced.visitor_id = stitched.visitor_id
