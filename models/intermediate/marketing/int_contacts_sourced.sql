-- Each person's original source channel, first touch and first conversion.
-- Channel priority: the CRM's own original source (mapped by seeds/original_source_channels.csv), else the
-- first web session (up to first_touch_grace_hours after creation), else the UTM tags captured on the
-- contact, else how it was created (seeds/created_via_channels.csv), else the fallback channel.
with

people as (

    select
        contact_id,
        created_at,
        created_via,
        original_source,
        utm_source,
        utm_medium,
        utm_campaign,
        {{ url_page('first_page_seen') }} as crm_first_page
    from {{ ref('int_contacts_merged') }}

),

-- The first and the latest session up to the as-of day come from the per-person summary (ties already
-- broken there); their channel, pages and tags from the sessions themselves.
session_summaries as (

    select
        summaries.contact_id,
        summaries.first_session_id,
        summaries.first_session_at,
        summaries.latest_session_id,
        people.created_at
    from {{ ref('int_contacts_sessions_summarized') }} as summaries
    inner join people on summaries.contact_id = people.contact_id

),

first_sessions as (

    select
        session_summaries.contact_id,
        sessions.channel,
        sessions.landing_page,
        sessions.started_at,
        sessions.source,
        sessions.medium,
        sessions.campaign
    from session_summaries
    inner join {{ ref('int_web_sessions_attributed') }} as sessions
        on session_summaries.first_session_id = sessions.session_id
    where session_summaries.first_session_at
        <= {{ dbt.dateadd('hour', var('first_touch_grace_hours'), 'session_summaries.created_at') }}

),

latest_sessions as (

    select
        session_summaries.contact_id,
        sessions.channel,
        sessions.started_at
    from session_summaries
    inner join {{ ref('int_web_sessions_attributed') }} as sessions
        on session_summaries.latest_session_id = sessions.session_id

),

first_conversions as (

    select
        contact_id,
        form_name,
        form_type,
        submitted_at,
        row_number() over (partition by contact_id order by submitted_at, submission_id) as conversion_rank
    from {{ ref('int_form_submissions_attributed') }}
    where contact_id is not null

),

resolved as (

    select
        people.contact_id,
        people.original_source,
        crm_source.channel as crm_source_channel,
        first_sessions.channel as first_session_channel,
        contact_tags.channel as contact_utm_channel,
        created_via.channel as created_via_channel,
        coalesce(people.crm_first_page, first_sessions.landing_page) as first_touch_page,
        first_sessions.started_at as first_touch_at,
        first_sessions.source as first_touch_source,
        first_sessions.medium as first_touch_medium,
        coalesce(
            nullif(first_sessions.campaign, '(not set)'), lower(trim(people.utm_campaign))
        ) as first_touch_campaign,
        latest_sessions.channel as latest_source_channel,
        latest_sessions.started_at as latest_source_at,
        first_conversions.form_name as first_conversion_form,
        first_conversions.form_type as first_conversion_type,
        first_conversions.submitted_at as first_conversion_at
    from people
    left join {{ ref('original_source_channels') }} as crm_source
        on lower(trim(people.original_source)) = lower(crm_source.original_source)
    left join first_sessions on people.contact_id = first_sessions.contact_id
    left join latest_sessions on people.contact_id = latest_sessions.contact_id
    left join {{ ref('int_traffic_sources_classified') }} as contact_tags
        on
            lower(trim(people.utm_source)) = contact_tags.source
            and coalesce(lower(trim(people.utm_medium)), '(not set)') = contact_tags.medium
            and coalesce(lower(trim(people.utm_campaign)), '(not set)') = contact_tags.campaign
    left join {{ ref('created_via_channels') }} as created_via
        on people.created_via = created_via.created_via
    left join first_conversions
        on people.contact_id = first_conversions.contact_id and first_conversions.conversion_rank = 1

)

select
    resolved.contact_id,
    coalesce(
        resolved.crm_source_channel,
        resolved.first_session_channel,
        resolved.contact_utm_channel,
        resolved.created_via_channel,
        '{{ var("fallback_channel") }}'
    ) as source_channel,
    case
        when resolved.crm_source_channel is not null then 'crm_original_source'
        when resolved.first_session_channel is not null then 'first_web_session'
        when resolved.contact_utm_channel is not null then 'contact_utm'
        when resolved.created_via_channel is not null then 'created_via'
        else 'none'
    end as source_channel_basis,
    resolved.original_source,
    resolved.latest_source_channel,
    resolved.latest_source_at,
    resolved.first_touch_at,
    resolved.first_touch_page,
    pages.content_group as first_touch_content_group,
    resolved.first_touch_source,
    resolved.first_touch_medium,
    resolved.first_touch_campaign,
    resolved.first_conversion_at,
    resolved.first_conversion_form,
    resolved.first_conversion_type
from resolved
left join {{ ref('int_pages_grouped') }} as pages on resolved.first_touch_page = pages.page
