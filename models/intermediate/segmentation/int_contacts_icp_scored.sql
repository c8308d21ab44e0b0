-- Each person's ICP (buyer) fit score (0-100), tier and the points each parameter earned.
{{ icp_scores('person', ref('int_contacts_merged'), ref('int_contact_attributes_unpivoted'), 'contact_id') }}
