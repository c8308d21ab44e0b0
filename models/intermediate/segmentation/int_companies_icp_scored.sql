-- Each company's ICP fit score (0-100), tier and the points each parameter earned.
{{ icp_scores('company', ref('stg_crm__companies'), ref('int_company_attributes_unpivoted'), 'company_id') }}
