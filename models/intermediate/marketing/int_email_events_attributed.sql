{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_changed_export_days(ref('stg_marketing__email_events')) }}",
        post_hook=[
            "{{ save_held_inputs('identities', person_identity_inputs()) }}",
            "{{ save_held_keys(email_event_identity_columns()) }}",
        ]
    )
}}
{#- Each email event with the person it concerns: by the CRM contact id the email tool synced, else by email.
    Incremental by export day (macros/incremental_days.sql): a night reads only the changed export days from
    staging. Identity resolution can still move an old event to another person (two contacts merged, an
    email now valid), so held events are attributed again and those whose person changed are rewritten. Only
    the held events whose CRM contact id or email now gives another person than at the last build are read
    (macros/held_inputs.sql): the model keeps the identities it attributed with beside it, and the keys its
    rows carry, so a night whose moved keys are all new (the day's new contacts) reads no held event. -#}
{%- set carried = {
    'event_id': 'event_id',
    'campaign_id': 'campaign_id',
    'campaign_name': 'campaign_name',
    'event_type': 'event_type',
    'bounce_type': 'bounce_type',
    'url': 'url',
    'url_page': 'url_page',
    'occurred_at': 'occurred_at',
    'email': 'email',
    'synced_contact_id': 'contact_id',
} %}

with

events as (

    {{ changed_days_and_held_rows(
        ref('stg_marketing__email_events'),
        carried,
        ['contact_id'],
        held_rows_to_derive_again('identities', person_identity_inputs(), email_event_identity_columns())
    ) }}

),

attributed as (

    select
        events.*,
        coalesce(identities.survivor_contact_id, by_email.contact_id) as contact_id
    from events
    left join {{ ref('int_contact_identities_resolved') }} as identities
        on events.synced_contact_id = identities.contact_id
    left join {{ ref('int_contacts_merged') }} as by_email
        on events.email = by_email.email and by_email.is_email_valid

)

select
    event_id,
    campaign_id,
    campaign_name,
    event_type,
    bounce_type,
    url,
    url_page,
    occurred_at,
    email,
    synced_contact_id,
    _export_date,
    _loaded_at,
    {{ built_at() }} as _built_at,
    contact_id
from attributed
where {{ derived_values_changed(['contact_id']) }}
