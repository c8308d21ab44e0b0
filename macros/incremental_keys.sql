{#- A model that compares every key's rows each night (a person's segments: cheap to derive from a few
    tables) but derives and writes again only the keys whose set of rows changed. Writing is most of such a
    model's cost, and a night changes a few percent of keys; the keys it does not write keep their rows and
    their stamp (_built_at), so tests of the latest build and publishing read only the rows that changed.

    A key's rows are compared by a fingerprint: their count and the sum of a 64-bit hash of each row's
    `columns` (a model's rows are unique per key and columns). Two different sets of rows with the same count
    and the same sum would keep the held rows: one chance in about 2^64 for each changed key. The model
    computes the fingerprints of the rows it would write (`derived`: key, row_count, rows_hash), in any way
    that gives the same numbers as key_fingerprints() over those rows. A key that is no longer derived keeps
    its rows; the model's pre-hook deletes them (delete_keys_gone_upstream). -#}

{#- The CTE `changed_keys`: the keys of `derived` whose fingerprint differs from the held rows' one, or that
    this model does not hold yet. Incremental runs only. -#}
{% macro changed_keys(derived, key_column, columns) -%}
held_fingerprints as (

    {{ key_fingerprints(this, key_column, columns) }}

),

changed_keys as (

    select derived.{{ key_column }}
    from {{ derived }} as derived
    left join held_fingerprints as held on derived.{{ key_column }} = held.{{ key_column }}
    where
        held.{{ key_column }} is null
        or derived.row_count <> held.row_count
        or derived.rows_hash <> held.rows_hash

)
{%- endmacro %}

{#- Each key's fingerprint over the rows of `relation`. -#}
{% macro key_fingerprints(relation, key_column, columns) -%}
    select
        {{ key_column }},
        count(*) as row_count,
        sum({{ summable_key_hash(columns) }}) as rows_hash
    from {{ relation }}
    group by {{ key_column }}
{%- endmacro %}
