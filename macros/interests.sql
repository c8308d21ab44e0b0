{#- The interest topics as inputs (key_kind, key, value) of int_interest_actions: edited topics make its next
    build derive every action again. -#}
{% macro interest_topic_inputs() -%}
    select
        'topic' as key_kind,
        topic as key,
        {{ dbt.concat(["coalesce(applies_to, '')", "'|'", "coalesce(pattern, '')"]) }} as value
    from {{ ref('interest_topics') }}
{%- endmacro %}
