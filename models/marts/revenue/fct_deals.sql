-- One row per deal (its latest version), with the amount in the reporting currency.
select
    deal_id,
    company_id,
    contact_id,
    owner_id,
    pipeline,
    deal_stage,
    deal_stage_label,
    stage_order,
    product,
    currency,
    cast(amount as decimal(18, 2)) as amount,
    '{{ var("reporting_currency") }}' as reporting_currency,
    amount_reporting,
    is_open,
    is_closed,
    is_won,
    created_at,
    close_date,
    case when is_closed then {{ days_between('created_at', 'close_date') }} end as days_to_close
from {{ ref('int_deals_converted') }}
