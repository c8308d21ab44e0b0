{{ config(materialized=published_view()) }}
-- Every tag every person carries now, with its category, where it comes from and when it was first applied;
-- kept per person in int_contact_tags_dated, which rewrites only the people whose tags changed.
select
    contact_id,
    tag,
    category,
    origin,
    first_applied_on,
    _built_at
from {{ ref('int_contact_tags_dated') }}
