{{ config(materialized=published_view()) }}
-- Every segment every person is in, long form (contact × segment family × segment) for BI pivots; kept per
-- person in int_contact_segments_assigned, which rewrites only the people whose segments changed.
select
    contact_id,
    segment_family,
    segment,
    _built_at
from {{ ref('int_contact_segments_assigned') }}
