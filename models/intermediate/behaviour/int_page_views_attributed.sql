-- Each page view with the person behind its session and the page's content group.
select
    page_views.page_view_id,
    page_views.session_id,
    sessions.contact_id,
    page_views.page,
    pages.content_group,
    page_views.viewed_at,
    page_views._export_date
from {{ ref('stg_marketing__page_views') }} as page_views
left join {{ ref('int_web_sessions_attributed') }} as sessions on page_views.session_id = sessions.session_id
left join {{ ref('int_pages_grouped') }} as pages on page_views.page = pages.page
