-- Each person's current tags: manual tags from the CRM's `tags` column (normalized to the taxonomy's
-- spelling, unknown ones kept in category "other") and rule tags from seeds/tag_rules.csv.
with

manual_parts as (

    {{ split_to_rows(ref('dim_contacts'), 'contact_id', 'tags', ';') }}

),

manual_normalized as (

    select
        contact_id,
        case when trim(part) like '#%' then trim(part) else '#' || trim(part) end as tag
    from manual_parts
    where trim(part) <> ''

),

manual as (

    select distinct
        manual_normalized.contact_id,
        coalesce(taxonomy.tag, manual_normalized.tag) as tag
    from manual_normalized
    left join {{ ref('tag_taxonomy') }} as taxonomy on lower(manual_normalized.tag) = lower(taxonomy.tag)

),

rule_matches as (

    {{ lists_matched(
        "(select * from " ~ ref('stg_lists__conditions') ~ " where list_name like 'tag:%') as rule_conditions",
        ref('int_tag_rules_evaluated')
    ) }}

),

rules as (

    select
        contact_id,
        substring(list_name, 5) as tag
    from rule_matches

),

tagged as (

    select
        coalesce(manual.contact_id, rules.contact_id) as contact_id,
        coalesce(manual.tag, rules.tag) as tag,
        case
            when manual.tag is not null and rules.tag is not null then 'manual and rule'
            when manual.tag is not null then 'manual'
            else 'rule'
        end as origin
    from manual
    full outer join rules on manual.contact_id = rules.contact_id and manual.tag = rules.tag

)

select
    tagged.contact_id,
    tagged.tag,
    coalesce(taxonomy.category, 'other') as category,
    tagged.origin
from tagged
left join {{ ref('tag_taxonomy') }} as taxonomy on tagged.tag = taxonomy.tag
