{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='session_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_changed_export_days(ref('stg_marketing__web_sessions')) }}",
        post_hook="{{ save_held_inputs('inputs', web_session_inputs()) }}"
    )
}}
{#- Each web session with its traffic source in GA4's terms and the person it belongs to (identified by the
    analytics tool, or by stitching its visitor to a contact), including sessions before they converted.
    Incremental by export day (macros/incremental_days.sql): a night reads only the changed export days from
    staging. A held session's person (merges, newly stitched visitors) or medium (edited referrer categories)
    can still change: the model keeps the inputs it derived them from beside it (macros/held_inputs.sql) and
    derives again the held sessions whose CRM contact id or visitor moved, or every held session when the
    referrer categories changed; those whose values changed are rewritten. The raw fields the source and
    medium come from are kept for that. -#}
{%- set carried = {
    'session_id': 'session_id',
    'visitor_id': 'visitor_id',
    'crm_contact_id': 'contact_id',
    'started_at': 'started_at',
    'landing_page': 'landing_page',
    'landing_page_url': 'landing_page_url',
    'referrer_host': 'referrer_host',
    'utm_source': 'utm_source',
    'utm_medium': 'utm_medium',
    'utm_campaign': 'utm_campaign',
    'utm_content': 'utm_content',
    'utm_term': 'utm_term',
} %}
{%- set derived_columns = ['contact_id', 'contact_link', 'source', 'medium'] %}

with

sessions as (

    {{ changed_days_and_held_rows(
        ref('stg_marketing__web_sessions'),
        carried,
        derived_columns,
        held_rows_to_derive_again(
            'inputs', web_session_inputs(), {'crm_contact_id': 'crm_contact_id', 'visitor_id': 'visitor_id'}
        )
    ) }}

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
        sessions.*,
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

),

linked as (

    select
        sourced.*,
        coalesce(identified_contacts.survivor_contact_id, stitched.contact_id) as contact_id,
        case
            when identified_contacts.survivor_contact_id is not null then 'identified_session'
            when stitched.contact_id is not null then 'visitor_stitching'
        end as contact_link
    from sourced
    left join {{ ref('int_contact_identities_resolved') }} as identified_contacts
        on sourced.crm_contact_id = identified_contacts.contact_id
    left join {{ ref('int_visitors_stitched') }} as stitched
        on sourced.visitor_id = stitched.visitor_id

)

select
    session_id,
    visitor_id,
    contact_id,
    contact_link,
    started_at,
    landing_page,
    source,
    medium,
    campaign,
    utm_content,
    utm_term,
    crm_contact_id,
    landing_page_url,
    referrer_host,
    utm_source,
    utm_medium,
    utm_campaign,
    _export_date,
    _loaded_at,
    {{ built_at() }} as _built_at
from linked
where {{ derived_values_changed(derived_columns) }}
