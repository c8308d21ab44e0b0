{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='fail',
        pre_hook="{{ delete_keys_gone_upstream(ref('dim_contacts'), 'contact_id') }}"
    )
}}
{#- Every segment every person is in, long form (contact × segment family × segment), for contact_segments.
    Single-valued families hold every contact (missing values get an explicit label); `product` holds one row
    per product the person has paid for. Incremental per person (macros/incremental_keys.sql): every night
    fingerprints everyone's segments, but derives and writes again only the people whose set of segments
    changed (a few percent a night), stamped with the build, so publishing catches up last night's serving
    copy instead of copying some 30 rows per person. -#}
{%- set families = [
    ('source_channel', 'source_channel', 'unknown'),
    ('source_channel_group', 'source_channel_group', 'unknown'),
    ('latest_source_channel', 'latest_source_channel', 'no web visit'),
    ('first_touch_content_group', 'first_touch_content_group', 'no first page'),
    ('first_conversion_type', 'first_conversion_type', 'no conversion'),
    ('created_month', year_month('created_at'), 'unknown'),
    ('created_quarter', 'created_quarter', 'unknown'),
    ('first_conversion_month', year_month('first_conversion_at'), 'no conversion'),
    ('customer_month', year_month('became_customer_at'), 'not a customer'),
    ('main_product', 'main_product', 'no purchase'),
    ('plan_tier', 'plan_tier', 'no purchase'),
    ('company_icp_tier', 'company_icp_tier', 'no company'),
    ('person_icp_tier', 'person_icp_tier', 'unknown'),
    ('persona', 'persona', 'unknown'),
    ('seniority', 'seniority', 'unknown'),
    ('department', 'department', 'unknown'),
    ('lifecycle_stage', 'lifecycle_stage', 'unknown'),
    ('opportunity_stage', 'opportunity_stage', 'no open deal'),
    ('owner', 'owner_name', 'unassigned'),
    ('purchase_recency', 'purchase_recency_band', 'unknown'),
    ('marketing_status', 'marketing_status', 'unknown'),
    ('email_status', 'email_status', 'unknown'),
    ('country', 'country', 'unknown'),
    ('email_engagement', 'email_engagement', 'never emailed'),
    ('lead_score', 'lead_score_band', none),
] %}
{#- (family, SQL of its segment from a dim_contacts row) -#}
{%- set single_valued = [] %}
{%- for family, expression, missing in families %}
    {%- set value = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' %}
    {%- do single_valued.append((family, value if missing is none else "coalesce(" ~ value ~ ", '" ~ missing ~ "')")) %}
{%- endfor %}

with

-- Read by most CTEs below, each for a few columns: scanned each time rather than stored whole in between.
contacts as {{ inlined() }} (

    select * from {{ ref('dim_contacts') }}

),

products as (

    select distinct
        invoices.contact_id,
        'product' as segment_family,
        invoices.product as segment
    from {{ ref('int_invoices_converted') }} as invoices
    inner join contacts on invoices.contact_id = contacts.contact_id
    where invoices.is_revenue and invoices.product is not null

),

interests as (

    select
        interests.contact_id,
        'interest' as segment_family,
        {{ dbt.concat(["'interested in '", 'interests.topic']) }} as segment
    from {{ ref('int_contacts_interests') }} as interests
    inner join contacts on interests.contact_id = contacts.contact_id
    where interests.interest_level <> 'past'

),

interest_levels as (

    select
        interests.contact_id,
        'interest_level' as segment_family,
        {{ dbt.concat(['interests.topic', "': '", 'interests.interest_level']) }} as segment
    from {{ ref('int_contacts_interests') }} as interests
    inner join contacts on interests.contact_id = contacts.contact_id

),

inactivity as (

    select
        inactive.contact_id,
        'inactivity' as segment_family,
        inactive.segment
    from {{ ref('int_contacts_inactive') }} as inactive
    inner join contacts on inactive.contact_id = contacts.contact_id

),

lead_score_flags as (

    select
        scores.contact_id,
        'lead_score' as segment_family,
        {%- set top_percent = (var("lead_score_top_share") * 100) | round | int %}
        'top {{ top_percent }}% (best score in {{ var("lead_score_top_days") }} days)' as segment
    from {{ ref('int_contacts_lead_scores') }} as scores
    where scores.is_top_scorer
    union all
    select
        scores.contact_id,
        'lead_score' as segment_family,
        'biggest risers ({{ var("lead_score_rise_days") }} days)' as segment
    from {{ ref('int_contacts_lead_scores') }} as scores
    where scores.is_biggest_riser
    union all
    select
        scores.contact_id,
        'lead_score' as segment_family,
        'score dropped ({{ var("lead_score_drop_days") }} days)' as segment
    from {{ ref('int_contacts_lead_scores') }} as scores
    where scores.has_dropped

),

-- The families that hold several segments per person, or none: read twice on an incremental run (every
-- person's fingerprint, then the rows of the people that changed), computed each time, not stored in between.
many_valued as {{ inlined() }} (

    select * from products
    union all
    select * from interests
    union all
    select * from interest_levels
    union all
    select * from inactivity
    union all
    select * from lead_score_flags

),
{%- if is_incremental() %}

-- The fingerprint of each person's rows (macros/incremental_keys.sql) without unpivoting everyone: a person's
-- single-valued families add one row hash each from their dim_contacts row.
derived_fingerprints as (

    select
        contact_id,
        sum(row_count) as row_count,
        sum(rows_hash) as rows_hash
    from (
        select
            contact_id,
            {{ single_valued | length }} as row_count,
            {% for family, segment in single_valued -%}
                {{ summable_key_hash(["'" ~ family ~ "'", segment]) }}{{ ' +' if not loop.last }}
            {% endfor -%}
            as rows_hash
        from contacts
        union all
        {{ key_fingerprints('many_valued', 'contact_id', ['segment_family', 'segment']) }}
    ) as parts
    group by contact_id

),

{{ changed_keys('derived_fingerprints', 'contact_id', ['segment_family', 'segment']) }},
{%- endif %}

people as (

    select * from contacts
    {%- if is_incremental() %}
    where contact_id in (select changed_keys.contact_id from changed_keys)
    {%- endif %}

),

single_valued as (

    {% for family, segment in single_valued -%}
        select
            contact_id,
            '{{ family }}' as segment_family,
            {{ segment }} as segment
        from people
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    single_valued.*,
    {{ built_at() }} as _built_at
from single_valued
union all
select
    many_valued.*,
    {{ built_at() }} as _built_at
from many_valued
{%- if is_incremental() %}
where many_valued.contact_id in (select changed_keys.contact_id from changed_keys)
{%- endif %}
