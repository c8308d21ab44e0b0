-- Each deal in the reporting currency, with its stage's position in the pipeline.
with

deals as (

    select
        deals.*,
        identities.survivor_contact_id,
        cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) as created_month
    from {{ ref('stg_crm__deals') }} as deals
    left join {{ ref('int_contact_identities_resolved') }} as identities
        on deals.contact_id = identities.contact_id

)

select
    deals.deal_id,
    deals.company_id,
    deals.survivor_contact_id as contact_id,
    deals.owner_id,
    deals.pipeline,
    deals.deal_stage,
    stage_catalog.stage_order,
    stage_catalog.label as deal_stage_label,
    deals.product,
    deals.currency,
    deals.amount,
    {{ to_reporting_currency('deals.amount', 'deals.currency') }} as amount_reporting,
    coalesce(stage_catalog.is_closed, deals.is_closed) as is_closed,
    coalesce(stage_catalog.is_won, deals.is_won) as is_won,
    not coalesce(stage_catalog.is_closed, deals.is_closed) as is_open,
    deals.created_at,
    deals.close_date,
    deals.updated_at
from deals
left join {{ ref('deal_stages') }} as stage_catalog on deals.deal_stage = stage_catalog.deal_stage
{{ fx_rate_joins('deals.currency', 'deals.created_month') }}
