-- Each page view with the person behind its session and the page's content group.
select
    views.page_view_id,
    views.session_id,
    sessions.contact_id,
    views.page,
    pages.content_group,
    views.viewed_at,
    views._export_date
from {{ ref('stg_marketing__page_views') }} as views
left join {{ ref('int_web_sessions_attributed') }} as sessions on views.session_id = sessions.session_id
left join {{ ref('int_pages_grouped') }} as pages on views.page = pages.page
