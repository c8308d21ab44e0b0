-- Every tag every person carries now, with its category, where it comes from and when it was first applied.
select
    applied.contact_id,
    applied.tag,
    applied.category,
    applied.origin,
    first_applied.first_applied_on
from {{ ref('int_contact_tags_applied') }} as applied
inner join {{ ref('int_contact_tags_first_applied') }} as first_applied
    on applied.contact_id = first_applied.contact_id and applied.tag = first_applied.tag
