{#- A person-grain model with several rows per person (contact_segments) can keep every person whose rows did
    not change and write only the others: at 1M contacts a night changes the segments of about 4% of people
    (bench/changed_rows.py). The model compares each person's set of rows with the held one by a hash of the
    set and its size, writes the changed people (delete+insert on contact_id) stamped with _built_at, and its
    pre-hook removes the people no longer there. -#}

{#- A hash of the set of a person's rows (an aggregate): the XOR of each row's hash over `columns`. Rows are
    unique per person (the model's grain), so no two equal rows cancel out. -#}
{% macro row_set_hash(columns) -%}
    bit_xor({{ key_hash(columns) }})
{%- endmacro %}

{#- Pre-hook: the people `people` no longer holds go. A table held from before the model stamped its rows has
    no _built_at: it gets the column and is emptied, so the run writes every person with a stamp. -#}
{% macro prepare_changed_people(people, key_column='contact_id') -%}
    {%- if execute and is_incremental() -%}
        {%- if '_built_at' not in held_column_names() -%}
            {%- do run_query(add_timestamp_column(this, '_built_at')) -%}
            {{ delete_where(this, '1 = 1') }}
        {%- else -%}
            {{ delete_keys_gone_upstream(people, key_column) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro add_timestamp_column(relation, column) -%}
    {{ return(adapter.dispatch('add_timestamp_column', 'crm_segments')(relation, column)) }}
{%- endmacro %}
{% macro default__add_timestamp_column(relation, column) -%}
    alter table {{ relation }} add column {{ column }} timestamp
{%- endmacro %}
{% macro spark__add_timestamp_column(relation, column) -%}
    alter table {{ relation }} add columns ({{ column }} timestamp)
{%- endmacro %}
