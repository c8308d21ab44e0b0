-- Each invoice in the reporting currency, with what it means for revenue: paid invoices are revenue (credit
-- notes negative); refunded and void invoices are not; open, overdue and failed ones are billed, not collected.
with

invoices as (

    select
        invoices.*,
        identities.survivor_contact_id,
        cast({{ dbt.date_trunc('month', 'invoices.issued_at') }} as date) as issued_month
    from {{ ref('stg_billing__invoices') }} as invoices
    left join {{ ref('int_contact_identities_resolved') }} as identities
        on invoices.contact_id = identities.contact_id

),

converted as (

    select
        invoices.invoice_id,
        invoices.company_id,
        invoices.survivor_contact_id as contact_id,
        invoices.product,
        invoices.invoice_status,
        invoices.is_credit_note,
        invoices.currency,
        invoices.amount,
        invoices.issued_at,
        invoices.issued_month,
        invoices.due_at,
        invoices.paid_at,
        {{ to_reporting_currency('invoices.amount', 'invoices.currency') }} as amount_reporting
    from invoices
    {{ fx_rate_joins('invoices.currency', 'invoices.issued_month') }}

)

select
    *,
    invoice_status = 'paid' as is_revenue,
    case when invoice_status = 'paid' then amount_reporting else 0 end as revenue_reporting,
    invoice_status in ('open', 'overdue', 'failed') as is_outstanding,
    invoice_status in ('overdue', 'failed') as is_billing_problem
from converted
