{{ config(meta={"dagster": {"asset_key": ["list_memberships"]}}) }}
-- The consent guard: a list marked marketing never holds a person who is not a marketing contact
-- (unsubscribed, bounced, opted out, ...). Any row returned fails the build.
select
    memberships.list_name,
    memberships.contact_id,
    contacts.non_marketing_reason
from {{ ref('list_memberships') }} as memberships
inner join {{ ref('dim_contacts') }} as contacts on memberships.contact_id = contacts.contact_id
where memberships.is_marketing and not contacts.is_marketing_contact
