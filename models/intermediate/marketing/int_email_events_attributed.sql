{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_changed_export_days(ref('stg_marketing__email_events')) }}"
    )
}}
{#- Each email event with the person it concerns: by the CRM contact id the email tool synced, else by email.
    Incremental by export day (macros/incremental_days.sql): a night reads only the changed export days from
    staging. Identity resolution can still move an old event to another person (two contacts merged, an
    email now valid): each identity the held events were attributed by (synced contact id and email) is
    resolved again, and only the held events of the identities that now give another person are attributed
    again and rewritten. -#}
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

{#- The person an identity gives: the survivor of the synced CRM contact, else the contact owning the email. -#}
{%- set resolve_person %}
    left join {{ ref('int_contact_identities_resolved') }} as identities
        on inputs.synced_contact_id = identities.contact_id
    left join {{ ref('int_contacts_merged') }} as by_email
        on inputs.email = by_email.email and by_email.is_email_valid
{%- endset %}
{%- set person = 'coalesce(identities.survivor_contact_id, by_email.contact_id)' %}

with

{% if is_incremental() -%}
held_identities as (

    select distinct
        synced_contact_id,
        email,
        contact_id as held_contact_id
    from {{ this }}

),

moved_identities as (

    select
        inputs.synced_contact_id,
        inputs.email
    from held_identities as inputs
    {{ resolve_person }}
    where {{ person }} is distinct from inputs.held_contact_id

),

{% endif -%}
events as (

    {{ changed_days_and_held_rows(
        ref('stg_marketing__email_events'), carried, ['contact_id'],
        held_where="exists (select 1 from moved_identities as moved"
            ~ " where moved.synced_contact_id is not distinct from held.synced_contact_id"
            ~ " and moved.email is not distinct from held.email)"
    ) }}

),

attributed as (

    select
        inputs.*,
        {{ person }} as contact_id
    from events as inputs
    {{ resolve_person }}

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
