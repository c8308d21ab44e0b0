-- Each person's open deals: how many, their value, and the most advanced open stage.
with

open_deals as (

    select
        contact_id,
        deal_stage,
        deal_stage_label,
        stage_order,
        amount_reporting,
        row_number() over (partition by contact_id order by stage_order desc, created_at asc, deal_id asc) as stage_rank
    from {{ ref('int_deals_converted') }}
    where is_open and contact_id is not null

)

select
    contact_id,
    count(*) as open_deal_count,
    sum(amount_reporting) as open_pipeline_amount,
    max(case when stage_rank = 1 then deal_stage end) as opportunity_stage,
    max(case when stage_rank = 1 then deal_stage_label end) as opportunity_stage_label
from open_deals
group by contact_id
