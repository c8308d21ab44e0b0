-- One row per invoice (its latest status), with the amount in the reporting currency and what it means for
-- revenue and collection.
select
    invoice_id,
    company_id,
    contact_id,
    product,
    invoice_status,
    is_credit_note,
    currency,
    cast(amount as decimal(18, 2)) as amount,
    '{{ var("reporting_currency") }}' as reporting_currency,
    amount_reporting,
    cast(revenue_reporting as decimal(18, 2)) as revenue_reporting,
    is_revenue,
    is_outstanding,
    is_billing_problem,
    issued_at,
    cast(issued_at as date) as issued_on,
    issued_month,
    due_at,
    paid_at,
    case when paid_at is not null then {{ days_between('issued_at', 'paid_at') }} end as days_to_pay
from {{ ref('int_invoices_converted') }}
