-- Every person attribute an ICP parameter scores (seeds/icp_parameters.csv), one row per person and attribute
-- with a value. Attributes no parameter names are left out: they would only be joined to no points.
with

people as (

    select
        merged.contact_id,
        profiled.seniority,
        profiled.department,
        profiled.persona,
        profiled.email_domain_type,
        merged.country,
        merged.city,
        merged.created_via,
        merged.lifecycle_stage
    from {{ ref('int_contacts_merged') }} as merged
    inner join {{ ref('int_contacts_profiled') }} as profiled on merged.contact_id = profiled.contact_id

)

{{ unpivot_icp_attributes('person', 'people', 'contact_id', person_icp_attributes()) }}
