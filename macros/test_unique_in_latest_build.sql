{#- `unique` for an incremental model that stamps its rows with _built_at: every value the latest build wrote
    occurs once in the whole model. Builds of such a model only delete rows and insert new ones, so the rows
    an earlier build wrote were checked then and cannot have become duplicates of each other since. A night
    therefore probes the key column with one day's values instead of grouping every row; a full build wrote
    every row and checks them all. -#}
{% test unique_in_latest_build(model, column_name) %}

with

latest_build as (

    select max(_built_at) as built_at
    from {{ model }}

),

latest_values as (

    select {{ column_name }} as unique_field
    from {{ model }}
    where
        _built_at = (select built_at from latest_build)
        and {{ column_name }} is not null

)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} in (select unique_field from latest_values)
group by {{ column_name }}
having count(*) > 1

{% endtest %}
