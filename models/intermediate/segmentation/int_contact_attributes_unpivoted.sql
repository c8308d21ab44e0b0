-- Every person attribute an ICP parameter scores (seeds/icp_parameters.csv), one row per person and attribute
-- with a value. Attributes no parameter names are left out: they would only be joined to no points.
with

scored_attributes as (

    select parameter
    from {{ ref('icp_parameters') }}
    where icp_model = 'person'

),

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

{% for attribute in person_icp_attributes() -%}
    select
        contact_id,
        '{{ attribute }}' as attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as value_text,
        {{ try_cast_double('cast(' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')') }} as value_number
    from people
    where
        {{ attribute }} is not null
        and '{{ attribute }}' in (select scored_attributes.parameter from scored_attributes)
    {% if not loop.last %}union all{% endif %}
{% endfor %}
