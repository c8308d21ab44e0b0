{#- ICP fit (Livespace-style): each parameter's value earns points (seeds/icp_points.csv), parameters are
    weighted (seeds/icp_parameters.csv), the weighted sum is normalized to 0-100 against the best points of
    each parameter, and the score falls into a named tier (seeds/icp_tiers.csv). -#}

{#- Attributes a company parameter may use: every column of stg_crm__companies (custom properties
    included) except ids and timestamps, plus annual_revenue_reporting. -#}
{% macro company_icp_attributes() -%}
    {%- set excluded = ['company_id', 'owner_id', 'created_at', 'updated_at', '_export_date', '_source_file', '_row_number'] -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(ref('stg_crm__companies')) -%}
            {%- if column.name | lower not in excluded -%}{%- do names.append(column.name | lower) -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do names.append('annual_revenue_reporting') -%}
    {{ return(names) }}
{%- endmacro %}

{#- Attributes a person parameter may use (columns of int_contact_attributes_unpivoted). -#}
{% macro person_icp_attributes() -%}
    {{ return(['seniority', 'department', 'persona', 'email_domain_type', 'country', 'city', 'created_via', 'lifecycle_stage']) }}
{%- endmacro %}

{#- One row per entity (`key_column`) and attribute of `attributes` with a value in `source` (a CTE of the
    calling model), for the attributes a parameter of `icp_model` scores (seeds/icp_parameters.csv): the others
    would only be joined to no points. -#}
{% macro unpivot_icp_attributes(icp_model, source, key_column, attributes) -%}
{%- set parameters = ref('icp_parameters') -%}
{% for attribute in attributes -%}
    select
        {{ key_column }},
        '{{ attribute }}' as attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as value_text,
        {{ try_cast_double('cast(' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')') }} as value_number
    from {{ source }}
    where
        {{ attribute }} is not null
        and '{{ attribute }}' in (
            select parameters.parameter from {{ parameters }} as parameters
            where parameters.icp_model = '{{ icp_model }}'
        )
    {% if not loop.last %}union all{% endif %}
{% endfor %}
{%- endmacro %}

{#- Fails the build, listing every problem, when the ICP seeds are inconsistent: unknown parameters or
    attributes (unless if_column_missing is score_zero), weights not above 0, rows with both or neither of a range and a value list, overlapping
    ranges, values listed twice, parameters without points, tiers that do not cover 0-100 exactly. -#}
{% macro validate_icp_config() -%}
    {#- Nothing to check before the seeds exist (e.g. when a linter compiles against an empty warehouse). -#}
    {%- if not execute or load_relation(ref('icp_parameters')) is none -%}{{ return('') }}{%- endif -%}
    {%- set problems = [] -%}
    {%- set attributes = {'company': company_icp_attributes(), 'person': person_icp_attributes()} -%}
    {%- set parameters = run_query(
        'select icp_model, parameter, weight, if_column_missing from ' ~ ref('icp_parameters') ~ ' order by 1, 2'
    ) -%}
    {%- set points = run_query(
        'select icp_model, parameter, min_value, max_value, match_values, points from ' ~ ref('icp_points')
        ~ ' order by 1, 2, min_value nulls first, max_value nulls last'
    ) -%}
    {%- set tiers = run_query('select icp_model, tier, min_score, max_score from ' ~ ref('icp_tiers') ~ ' order by 1, 3') -%}

    {%- set declared = [] -%}
    {%- for row in parameters.rows -%}
        {%- set key = row['icp_model'] ~ '.' ~ row['parameter'] -%}
        {%- do declared.append(key) -%}
        {%- if row['icp_model'] not in attributes -%}
            {%- do problems.append(key ~ ': unknown ICP model (use company or person)') -%}
        {%- elif row['parameter'] not in attributes[row['icp_model']] and row['if_column_missing'] != 'score_zero' -%}
            {%- do problems.append(key ~ ': unknown column; available: ' ~ attributes[row['icp_model']] | join(', ')) -%}
        {%- endif -%}
        {%- if row['weight'] is none or row['weight'] <= 0 -%}
            {%- do problems.append(key ~ ': weight must be greater than 0') -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set scored = [] -%}
    {%- set best_points = {} -%}
    {%- set ranges = {} -%}
    {%- set listed = {} -%}
    {%- for row in points.rows -%}
        {%- set key = row['icp_model'] ~ '.' ~ row['parameter'] -%}
        {%- do scored.append(key) -%}
        {%- if row['points'] is not none and row['points'] > best_points.get(key, 0) -%}
            {%- do best_points.update({key: row['points']}) -%}
        {%- endif -%}
        {%- if key not in declared -%}
            {%- do problems.append(key ~ ': has points but is not in icp_parameters') -%}
        {%- endif -%}
        {%- set has_range = row['min_value'] is not none or row['max_value'] is not none -%}
        {%- set has_values = row['match_values'] is not none and row['match_values'] | trim != '' -%}
        {%- if has_range and has_values -%}
            {%- do problems.append(key ~ ': a points row has both a range and match_values') -%}
        {%- elif not has_range and not has_values -%}
            {%- do problems.append(key ~ ': a points row has neither a range nor match_values') -%}
        {%- elif has_range -%}
            {%- set low = row['min_value'] -%}
            {%- set high = row['max_value'] -%}
            {%- if low is not none and high is not none and low >= high -%}
                {%- do problems.append(key ~ ': range [' ~ low ~ ', ' ~ high ~ ') is empty') -%}
            {%- endif -%}
            {%- set previous = ranges.get(key) -%}
            {%- if previous is not none and (previous[1] is none or low is none or low < previous[1]) -%}
                {%- do problems.append(
                    key ~ ': ranges [' ~ previous[0] ~ ', ' ~ previous[1] ~ ') and [' ~ low ~ ', ' ~ high ~ ') overlap'
                ) -%}
            {%- endif -%}
            {%- do ranges.update({key: [low, high]}) -%}
        {%- else -%}
            {%- for value in row['match_values'].split('|') -%}
                {%- set value_key = key ~ '=' ~ (value | trim | lower) -%}
                {%- if value_key in listed -%}
                    {%- do problems.append(key ~ ': value "' ~ (value | trim) ~ '" is listed twice') -%}
                {%- endif -%}
                {%- do listed.update({value_key: true}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for key in declared -%}
        {%- if key not in scored -%}
            {%- do problems.append(key ~ ': no points defined') -%}
        {%- elif best_points.get(key, 0) <= 0 -%}
            {%- do problems.append(key ~ ': no value earns more than 0 points') -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set tier_models = {} -%}
    {%- for row in tiers.rows -%}
        {%- set previous = tier_models.get(row['icp_model']) -%}
        {%- set expected = 0 if previous is none else previous -%}
        {%- if row['min_score'] != expected -%}
            {%- do problems.append(
                row['icp_model'] ~ ' tiers: "' ~ row['tier'] ~ '" starts at ' ~ row['min_score']
                ~ ' but the previous tier ends at ' ~ expected ~ (' (a gap)' if row['min_score'] > expected else ' (an overlap)')
            ) -%}
        {%- endif -%}
        {%- if row['max_score'] <= row['min_score'] -%}
            {%- do problems.append(row['icp_model'] ~ ' tiers: "' ~ row['tier'] ~ '" is empty') -%}
        {%- endif -%}
        {%- do tier_models.update({row['icp_model']: row['max_score']}) -%}
    {%- endfor -%}
    {%- for model, top in tier_models.items() if top != 100 -%}
        {%- do problems.append(model ~ ' tiers: the top tier ends at ' ~ top ~ ', not 100') -%}
    {%- endfor -%}
    {%- for key in declared -%}
        {%- set model = key.split('.')[0] -%}
        {%- if model in attributes and model not in tier_models -%}
            {%- do problems.append(model ~ ' tiers: none defined') -%}
            {%- do tier_models.update({model: 100}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            'Invalid ICP configuration (seeds icp_parameters, icp_points, icp_tiers):\n  - ' ~ problems | join('\n  - ')
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- Scores entities against one ICP model. `attributes` holds (<key>, attribute, value_text, value_number);
    `entities` lists every entity to score (an entity with no matching values scores 0). -#}
{% macro icp_scores(icp_model, entities, attributes, key) -%}
with

parameters as (

    select
        parameter,
        weight,
        best_points
    from {{ ref('int_icp_parameters_validated') }}
    where icp_model = '{{ icp_model }}' and is_column_available

),

points as (

    select
        *,
        -- '|it|finance|' for 'IT | Finance': each listed value trimmed and lower-cased, once per points row
        '|' || {{ regex_replace_all("lower(trim(match_values))", "'\\s*[|]\\s*'", "'|'") }} || '|' as listed_values
    from {{ ref('icp_points') }}
    where icp_model = '{{ icp_model }}'

),

earned as (

    select
        attributes.{{ key }},
        attributes.attribute as parameter,
        max(points.points) as points
    from {{ attributes }} as attributes
    inner join points
        on
            attributes.attribute = points.parameter
            and (
                (
                    points.match_values is not null
                    and {{ dbt.position(
                        "'|' || lower(trim(attributes.value_text)) || '|'",
                        "points.listed_values"
                    ) }} > 0
                )
                or (
                    points.match_values is null
                    and attributes.value_number is not null
                    and (points.min_value is null or attributes.value_number >= points.min_value)
                    and (points.max_value is null or attributes.value_number < points.max_value)
                )
            )
    group by attributes.{{ key }}, attributes.attribute

),

scored as (

    select
        entities.{{ key }},
        round(
            100 * sum(parameters.weight * coalesce(earned.points, 0)) / sum(parameters.weight * parameters.best_points),
            1
        ) as icp_score,
        {{ dbt.listagg(
            "parameters.parameter || '=' || cast(coalesce(earned.points, 0) as " ~ dbt.type_string() ~ ")",
            "'; '",
            'order by parameters.parameter'
        ) }} as icp_points_detail
    from {{ entities }} as entities
    cross join parameters
    left join earned
        on entities.{{ key }} = earned.{{ key }} and parameters.parameter = earned.parameter
    group by entities.{{ key }}

)

select
    scored.{{ key }},
    scored.icp_score,
    tiers.tier as icp_tier,
    scored.icp_points_detail
from scored
left join {{ ref('icp_tiers') }} as tiers
    on
        tiers.icp_model = '{{ icp_model }}'
        and scored.icp_score >= tiers.min_score
        and (scored.icp_score < tiers.max_score or (tiers.max_score = 100 and scored.icp_score = 100))
{%- endmacro %}
