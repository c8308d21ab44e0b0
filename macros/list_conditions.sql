{#- The filter fields of dim_contacts by kind, read from its contract (models/marts/core/_core__models.yml): the
    same columns the Python validator allows (orchestration/lists/fields.py). Unit tests have no graph of
    nodes: there the built table's columns stand in. -#}
{% macro contact_filter_fields() -%}
    {%- set fields = {'text': [], 'number': [], 'date': []} -%}
    {%- set kinds = {
        'varchar': 'text', 'character varying': 'text', 'text': 'text', 'string': 'text',
        'boolean': 'text', 'bigint': 'number', 'integer': 'number', 'double': 'number',
        'decimal': 'number', 'date': 'date', 'timestamp': 'date'} -%}
    {%- set declared = {} -%}
    {%- set nodes = graph.get('nodes', {}) -%}
    {%- for node in nodes.values() if node.resource_type == 'model' and node.name == 'dim_contacts' -%}
        {%- for name, column in node.columns.items() -%}
            {%- do declared.update({name: column.data_type or ''}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not declared -%}
        {%- set built = adapter.get_relation(database=target.database, schema=generate_schema_name('marts', none), identifier='dim_contacts') -%}
        {%- for column in (adapter.get_columns_in_relation(built) if built else []) -%}
            {%- do declared.update({column.name: column.data_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for name, data_type in declared.items() -%}
        {%- set kind = kinds.get(data_type.lower().split('(')[0].strip()) -%}
        {%- if kind -%}{%- do fields[kind].append(name) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(fields) }}
{%- endmacro %}

{#- The contact × condition pairs of `conditions` (a relation shaped like stg_lists__conditions) that hold:
    every contact is evaluated against every condition, and only the pairs that hold are kept (a missing pair
    does not hold). Most pairs do not (at 1M contacts the tag rules evaluate 20M pairs, about 15% hold), and
    only the holding ones are read downstream. A condition holds when its base operator holds for any of its
    values, or, when negated, for none. Scalar fields read dim_contacts; `tag` reads contact_tags (when
    include_tags) and `segment.<family>` reads contact_segments. Values are compared as data: nothing from a
    definition becomes SQL. -#}
{% macro evaluate_contact_conditions(conditions, include_tags) -%}
{%- set fields = contact_filter_fields() if execute else {'text': [], 'number': [], 'date': []} %}
with

conditions as (

    select
        *,
        count(*) over (partition by condition_id) as value_count
    from {{ conditions }}

),

contacts as {{ inlined() }} (

    select * from {{ ref('dim_contacts') }}

),

memberships as (

    select
        contact_id,
        {{ dbt.concat(["'segment.'", 'segment_family']) }} as field,
        segment as value_text
    from {{ ref('contact_segments') }}
    {%- if include_tags %}
    union all
    select
        contact_id,
        'tag' as field,
        tag as value_text
    from {{ ref('contact_tags') }}
    {%- endif %}

),

scalar_values as {{ inlined() }} (

    select
        conditions.condition_id,
        conditions.is_negated,
        conditions.value_count,
        conditions.base_operator,
        conditions.value_text,
        conditions.value_number,
        conditions.value_date,
        conditions.value_number_to,
        conditions.value_date_to,
        contacts.contact_id,
        case conditions.field
            {%- for name in fields.text %}
            when '{{ name }}' then cast(contacts.{{ name }} as {{ dbt.type_string() }})
            {%- endfor %}
        end as actual_text,
        case conditions.field
            {%- for name in fields.number %}
            when '{{ name }}' then cast(contacts.{{ name }} as double)
            {%- endfor %}
        end as actual_number,
        case conditions.field
            {%- for name in fields.date %}
            when '{{ name }}' then cast(contacts.{{ name }} as date)
            {%- endfor %}
        end as actual_date
    from conditions
    cross join contacts
    where conditions.field <> 'tag' and conditions.field not like 'segment.%'

),

scalar_value_hits as {{ inlined() }} (

    select
        condition_id,
        is_negated,
        contact_id,
        value_count,
        (
            case
                when base_operator = 'eq'
                    then coalesce(actual_text = value_text, actual_number = value_number, actual_date = value_date)
                when base_operator = 'gt' then coalesce(actual_number > value_number, actual_date > value_date)
                when base_operator = 'ge' then coalesce(actual_number >= value_number, actual_date >= value_date)
                when base_operator = 'lt' then coalesce(actual_number < value_number, actual_date < value_date)
                when base_operator = 'le' then coalesce(actual_number <= value_number, actual_date <= value_date)
                when base_operator = 'between'
                    then coalesce(
                        actual_number between value_number and value_number_to,
                        actual_date between value_date and value_date_to
                    )
                when base_operator = 'contains'
                    then {{ dbt.position('lower(value_text)', 'lower(actual_text)') }} > 0
                when base_operator = 'has_value'
                    then actual_text is not null or actual_number is not null or actual_date is not null
                when base_operator = 'within'
                    then {{ days_before_as_of('actual_date') }} between 0 and value_number - 1
            end
        ) as hit
    from scalar_values

),

-- A condition with one value has one row per contact, so only `in` lists are grouped: grouping every
-- contact × condition costs twice what evaluating it does.
scalar_hits as (

    select
        condition_id,
        is_negated,
        contact_id,
        hit
    from scalar_value_hits
    where value_count = 1

    union all

    select
        condition_id,
        is_negated,
        contact_id,
        max(hit) as hit
    from scalar_value_hits
    where value_count > 1
    group by condition_id, is_negated, contact_id

),

membership_hits as (

    select
        conditions.condition_id,
        conditions.is_negated,
        contacts.contact_id,
        max(memberships.contact_id is not null) as hit
    from conditions
    cross join contacts
    left join memberships
        on
            contacts.contact_id = memberships.contact_id
            and conditions.field = memberships.field
            and conditions.value_text = memberships.value_text
    where conditions.field = 'tag' or conditions.field like 'segment.%'
    group by conditions.condition_id, conditions.is_negated, contacts.contact_id

),

hits as (

    select * from scalar_hits
    union all
    select * from membership_hits

)

select
    condition_id,
    contact_id
from hits
-- A negated condition holds where its base operator does not.
where coalesce(hit, false) <> is_negated
{%- endmacro %}

{#- Contacts matching each list of `conditions` (list_name, contact_id): conditions combine within a group by
    group_match, groups within a list by the definition's list_match. `evaluated` holds the contact × condition
    pairs that hold (evaluate_contact_conditions): a group holds when any (group_match any) or all (all) of its
    conditions do, so counting a contact's holding conditions against the group's size decides it. -#}
{% macro lists_matched(conditions, evaluated) -%}
with

condition_groups as (

    select distinct
        condition_id,
        list_name,
        group_id,
        group_match
    from {{ conditions }}

),

group_sizes as (

    select
        list_name,
        group_id,
        max(group_match) as group_match,
        count(*) as condition_count
    from condition_groups
    group by list_name, group_id

),

list_sizes as (

    select
        group_sizes.list_name,
        max(definitions.list_match) as list_match,
        count(*) as group_count
    from group_sizes
    inner join {{ ref('stg_lists__definitions') }} as definitions
        on group_sizes.list_name = definitions.list_name
    group by group_sizes.list_name

),

group_matches as (

    select
        condition_groups.list_name,
        condition_groups.group_id,
        evaluated.contact_id,
        count(*) as match_count
    from {{ evaluated }} as evaluated
    inner join condition_groups on evaluated.condition_id = condition_groups.condition_id
    group by condition_groups.list_name, condition_groups.group_id, evaluated.contact_id

),

groups_holding as (

    select
        group_matches.list_name,
        group_matches.contact_id
    from group_matches
    inner join group_sizes
        on
            group_matches.list_name = group_sizes.list_name
            and group_matches.group_id = group_sizes.group_id
    where group_sizes.group_match = 'any' or group_matches.match_count = group_sizes.condition_count

),

lists_holding as (

    select
        list_name,
        contact_id,
        count(*) as holding_group_count
    from groups_holding
    group by list_name, contact_id

)

select
    lists_holding.list_name,
    lists_holding.contact_id
from lists_holding
inner join list_sizes on lists_holding.list_name = list_sizes.list_name
where list_sizes.list_match = 'any' or lists_holding.holding_group_count = list_sizes.group_count
{%- endmacro %}
