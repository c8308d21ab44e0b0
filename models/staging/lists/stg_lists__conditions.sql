select
    -- ids
    {{ dbt.concat(['condition_id', "'#'", dbt.cast('value_index', dbt.type_string())]) }} as condition_value_id,
    condition_id,
    list_name,
    group_id,

    -- logic
    group_match,
    field,
    operator,
    base_operator,
    is_negated,

    -- values
    value_index,
    value_text,
    value_number,
    value_date,
    value_number_to,
    value_date_to

from {{ source('lists', 'list_conditions') }}
