-- Each web session with its channel and the content group of its entry page.
select
    sessions.session_id,
    sessions.visitor_id,
    sessions.contact_id,
    sessions.contact_link,
    sessions.started_at,
    sessions.landing_page,
    pages.content_group as landing_content_group,
    sessions.source,
    sessions.medium,
    sessions.campaign,
    sessions.utm_content,
    sessions.utm_term,
    classified.source_category,
    classified.channel,
    sessions._export_date
from {{ ref('int_web_sessions_sourced') }} as sessions
inner join {{ ref('int_traffic_sources_classified') }} as classified
    on
        sessions.source = classified.source
        and sessions.medium = classified.medium
        and sessions.campaign = classified.campaign
left join {{ ref('int_pages_grouped') }} as pages
    on sessions.landing_page = pages.page
