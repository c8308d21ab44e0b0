-- Every contact × rule-tag condition (seeds/tag_rules.csv, validated by the list_definitions asset).
{{ evaluate_contact_conditions(
    "(select * from " ~ ref('stg_lists__conditions') ~ " where list_name like 'tag:%') as rule_conditions",
    include_tags=false
) }}
