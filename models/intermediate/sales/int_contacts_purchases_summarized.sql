-- Each person's purchase history as billing contact (invoices and won deals naming them).
{{ purchase_summary('contact_id') }}
