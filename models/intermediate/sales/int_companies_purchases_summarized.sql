-- Each company's purchase history (all its invoices and won deals).
{{ purchase_summary('company_id') }}
