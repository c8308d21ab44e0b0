select
    list_name,
    description as list_description,
    kind as list_kind,
    is_marketing,
    list_match,
    coalesce(refresh_token, '') as refresh_token,
    list_name like 'tag:%' as is_rule_tag
from {{ source('lists', 'list_definitions') }}
