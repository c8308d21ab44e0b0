-- Every contact × condition of the lists in lists/lists.yml (rule tags excluded).
{{ evaluate_contact_conditions(
    "(select * from " ~ ref('stg_lists__conditions') ~ " where list_name not like 'tag:%') as list_conditions",
    include_tags=true
) }}
