-- Every distinct (source, medium, campaign) seen on sessions or captured on contacts, with its channel from
-- the ordered rules in seeds/channel_rules.csv (GA4's default channel grouping by default).
with

contact_tags as (

    select
        lower(trim(utm_source)) as source,
        coalesce(lower(trim(utm_medium)), '(not set)') as medium,
        coalesce(lower(trim(utm_campaign)), '(not set)') as campaign
    from {{ ref('int_contacts_merged') }}
    where utm_source is not null

),

sources as (

    select distinct
        source,
        medium,
        campaign
    from (
        select
            source,
            medium,
            campaign
        from {{ ref('int_web_sessions_sourced') }}
        union all
        select
            source,
            medium,
            campaign
        from contact_tags
    ) as all_sources

),

categorized as (

    select
        sources.source,
        sources.medium,
        sources.campaign,
        coalesce(max(by_source.category), max(by_label.category)) as source_category
    from sources
    left join {{ ref('channel_source_categories') }} as by_source
        on sources.source = by_source.source
    left join {{ ref('channel_source_categories') }} as by_label
        on {{ source_label('sources.source') }} = by_label.source
    group by sources.source, sources.medium, sources.campaign

),

conditions as (

    select
        categorized.source,
        categorized.medium,
        categorized.campaign,
        categorized.source_category,
        rules.rule_order,
        rules.channel,
        rules.condition_group,
        rules.operator,
        lower(rules.value) as rule_value,
        coalesce(
            case rules.field
                when 'source' then categorized.source
                when 'medium' then categorized.medium
                when 'campaign' then categorized.campaign
                when 'source_category' then categorized.source_category
            end,
            ''
        ) as field_value
    from categorized
    cross join {{ ref('channel_rules') }} as rules

),

checked as (

    select
        *,
        case operator
            when 'equals' then field_value = rule_value
            when 'in' then {{ dbt.position("'|' || field_value || '|'", "'|' || rule_value || '|'") }} > 0
            when 'contains' then {{ dbt.position('rule_value', 'field_value') }} > 0
            when 'ends_with' then {{ dbt.right('field_value', dbt.length('rule_value')) }} = rule_value
            when 'matches' then {{ regex_matches('field_value', 'rule_value') }}
            else false
        end as is_met
    from conditions

),

groups_met as (

    select
        source,
        medium,
        campaign,
        rule_order,
        channel
    from checked
    group by source, medium, campaign, rule_order, channel, condition_group
    having min(case when is_met then 1 else 0 end) = 1

),

first_rule as (

    select
        source,
        medium,
        campaign,
        rule_order,
        channel,
        row_number() over (partition by source, medium, campaign order by rule_order) as match_rank
    from groups_met

)

select
    categorized.source,
    categorized.medium,
    categorized.campaign,
    categorized.source_category,
    coalesce(first_rule.channel, '{{ var("fallback_channel") }}') as channel,
    first_rule.rule_order as matched_rule_order
from categorized
left join first_rule
    on
        categorized.source = first_rule.source
        and categorized.medium = first_rule.medium
        and categorized.campaign = first_rule.campaign
        and first_rule.match_rank = 1
