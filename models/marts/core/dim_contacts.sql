-- One row per person (duplicate CRM records merged) with every segment attribute analysts filter on.
with

people as (

    select * from {{ ref('int_contacts_merged') }}

),

owners as (

    select * from {{ ref('stg_crm__owners') }}

),

purchases as (

    select
        *,
        {{ days_before_as_of('last_purchase_at') }} as days_since_last_purchase
    from {{ ref('int_contacts_purchases_summarized') }}

),

top_interests as (

    select
        contact_id,
        topic as top_interest,
        row_number() over (
            partition by contact_id order by actions_last_90_days desc, last_acted_at desc, topic asc
        ) as interest_rank
    from {{ ref('int_contacts_interests') }}
    where actions_last_90_days > 0

),

companies as (

    select
        company_matches.contact_id,
        company_matches.company_id,
        company_matches.company_match_method,
        companies.company_name,
        companies.industry as company_industry,
        scores.icp_score as company_icp_score,
        scores.icp_tier as company_icp_tier
    from {{ ref('int_contacts_companies_matched') }} as company_matches
    left join {{ ref('stg_crm__companies') }} as companies on company_matches.company_id = companies.company_id
    left join {{ ref('int_companies_icp_scored') }} as scores on company_matches.company_id = scores.company_id

)

select
    -- identity
    people.contact_id,
    people.merged_contact_ids,
    people.duplicate_count,
    people.email,
    people.email_domain,
    profiled.email_domain_type,
    people.first_name,
    people.last_name,
    nullif(trim(coalesce(people.first_name, '') || ' ' || coalesce(people.last_name, '')), '') as full_name,
    people.job_title,
    people.phone,
    people.country,
    people.city,

    -- company
    companies.company_id,
    coalesce(companies.company_name, people.company_name) as company_name,
    companies.company_industry,
    companies.company_match_method,

    -- crm
    people.owner_id,
    owners.owner_name,
    owners.team as owner_team,
    people.lifecycle_stage,
    lifecycle.stage_order as lifecycle_stage_order,
    people.lead_status,
    people.created_via,
    people.tags,

    -- acquisition
    sourced.source_channel,
    channels.channel_group as source_channel_group,
    sourced.source_channel_basis,
    people.original_source,
    sourced.latest_source_channel,
    sourced.latest_source_at,
    sourced.first_touch_at,
    sourced.first_touch_page,
    sourced.first_touch_content_group,
    sourced.first_touch_source,
    sourced.first_touch_medium,
    sourced.first_touch_campaign,
    sourced.first_conversion_at,
    sourced.first_conversion_form,
    sourced.first_conversion_type,

    -- cohorts
    people.created_at,
    cast({{ dbt.date_trunc('month', 'people.created_at') }} as date) as created_month,
    cast(extract(year from people.created_at) as {{ dbt.type_string() }}) || '-Q'
    || cast(extract(quarter from people.created_at) as {{ dbt.type_string() }}) as created_quarter,
    cast({{ dbt.date_trunc('month', 'sourced.first_conversion_at') }} as date) as first_conversion_month,
    purchases.became_customer_at,
    cast({{ dbt.date_trunc('month', 'purchases.became_customer_at') }} as date) as became_customer_month,

    -- profile and fit
    profiled.persona,
    profiled.seniority,
    profiled.department,
    person_fit.icp_score as person_icp_score,
    person_fit.icp_tier as person_icp_tier,
    companies.company_icp_score,
    companies.company_icp_tier,

    -- sales
    coalesce(opportunities.open_deal_count, 0) as open_deal_count,
    cast(coalesce(opportunities.open_pipeline_amount, 0) as double) as open_pipeline_amount,
    opportunities.opportunity_stage,
    coalesce(purchases.won_deal_count, 0) as won_deal_count,
    purchases.became_customer_at is not null as is_customer,
    coalesce(purchases.purchase_count, 0) as purchase_count,
    cast(coalesce(purchases.revenue_total, 0) as double) as revenue_total,
    purchases.first_purchase_at,
    purchases.last_purchase_at,
    purchases.days_since_last_purchase,
    recency.recency_band as purchase_recency_band,
    purchases.products_bought,
    purchases.main_product,
    purchases.plan_tier,

    -- email engagement (opens are counted, never read as interest)
    coalesce(email.sends, 0) as email_sends,
    coalesce(email.deliveries, 0) as email_deliveries,
    coalesce(email.opens, 0) as email_opens,
    coalesce(email.unique_opens, 0) as email_unique_opens,
    coalesce(email.clicks, 0) as email_clicks,
    coalesce(email.unique_clicks, 0) as email_unique_clicks,
    coalesce(email.hard_bounces, 0) as email_hard_bounces,
    coalesce(email.soft_bounces, 0) as email_soft_bounces,
    coalesce(email.unsubscribes, 0) as email_unsubscribes,
    coalesce(email.spam_reports, 0) as email_spam_reports,
    email.last_click_at as last_email_click_at,
    email.click_through_rate as email_click_through_rate,
    coalesce(email.email_engagement, 'never emailed') as email_engagement,

    -- interest and activity
    interests.top_interest,
    touches.last_interaction_at,
    touches.last_marketing_touch_at,
    touches.last_sales_touch_at,
    {{ days_before_as_of('touches.last_interaction_at') }} as days_since_last_interaction,

    -- lead score
    scores.lead_score,
    coalesce(scores.lead_score_band, 'no score') as lead_score_band,
    scores.rise_window_change as lead_score_rise_window_change,
    scores.drop_window_change as lead_score_drop_window_change,
    scores.best_score_in_top_window as lead_score_best_in_top_window,

    -- marketing consent
    marketing.is_marketing_contact,
    marketing.marketing_status,
    marketing.non_marketing_reason,
    marketing.non_marketing_reasons,
    marketing.email_status,

    -- service load
    coalesce(service.ticket_count, 0) as ticket_count,
    coalesce(service.billing_ticket_count, 0) as billing_ticket_count,
    coalesce(service.open_ticket_count, 0) as open_ticket_count,
    coalesce(service.billing_problem_invoice_count, 0) as billing_problem_invoice_count,

    {{ as_of_date() }} as as_of_date

from people
inner join {{ ref('int_contacts_profiled') }} as profiled on people.contact_id = profiled.contact_id
inner join {{ ref('int_contacts_sourced') }} as sourced on people.contact_id = sourced.contact_id
inner join {{ ref('int_contacts_marketing_status') }} as marketing on people.contact_id = marketing.contact_id
left join companies on people.contact_id = companies.contact_id
left join owners on people.owner_id = owners.owner_id
left join {{ ref('lifecycle_stages') }} as lifecycle on people.lifecycle_stage = lifecycle.lifecycle_stage
left join {{ ref('channels') }} as channels on sourced.source_channel = channels.channel
left join {{ ref('int_contacts_icp_scored') }} as person_fit on people.contact_id = person_fit.contact_id
left join {{ ref('int_contacts_opportunities_summarized') }} as opportunities
    on people.contact_id = opportunities.contact_id
left join purchases on people.contact_id = purchases.contact_id
left join {{ ref('int_contacts_email_engaged') }} as email on people.contact_id = email.contact_id
left join {{ ref('int_contacts_touches_summarized') }} as touches on people.contact_id = touches.contact_id
left join {{ ref('int_contacts_lead_scores') }} as scores on people.contact_id = scores.contact_id
left join {{ ref('int_contacts_service_summarized') }} as service on people.contact_id = service.contact_id
left join top_interests as interests
    on people.contact_id = interests.contact_id and interests.interest_rank = 1
left join {{ ref('recency_bands') }} as recency
    on
        (
            purchases.last_purchase_at is null
            and recency.min_days is null
            and recency.max_days is null
        )
        or (
            purchases.last_purchase_at is not null
            and purchases.days_since_last_purchase >= recency.min_days
            and (recency.max_days is null or purchases.days_since_last_purchase <= recency.max_days)
        )
