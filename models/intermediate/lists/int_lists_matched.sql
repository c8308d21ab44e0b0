-- The people each list's filters select today, before the consent guard.
{{ lists_matched(
    "(select * from " ~ ref('stg_lists__conditions') ~ " where list_name not like 'tag:%') as list_conditions",
    ref('int_list_conditions_evaluated')
) }}
