-- Every normalized page seen (entry pages, page views, form pages, the CRM's first page seen) with its
-- content group from the ordered URL patterns in seeds/content_content_rules.csv; no match is "other".
with

pages as (

    select distinct page
    from (
        select landing_page as page from {{ ref('stg_marketing__web_sessions') }}
        union all
        select page from {{ ref('stg_marketing__page_views') }}
        union all
        select page from {{ ref('stg_marketing__form_submissions') }}
        union all
        select {{ url_page('first_page_seen') }} as page from {{ ref('stg_crm__contacts') }}
    ) as all_pages
    where page is not null

),

paths as (

    select
        page,
        {{ page_path('page') }} as page_path
    from pages

),

matches as (

    select
        paths.page,
        content_rules.content_group,
        row_number() over (partition by paths.page order by content_rules.rule_order) as match_rank
    from paths
    inner join {{ ref('content_groups') }} as content_rules
        on {{ regex_matches('paths.page_path', 'content_rules.url_pattern') }}

)

select
    paths.page,
    paths.page_path,
    coalesce(matches.content_group, '{{ var("fallback_content_group") }}') as content_group
from paths
left join matches on paths.page = matches.page and matches.match_rank = 1
