{#- The interest topics as inputs (key_kind, key, value) of int_interest_actions: edited topics make its next
    build derive every action again. -#}
{% macro interest_topic_inputs() -%}
    select
        'topic' as key_kind,
        topic as key,
        {{ dbt.concat(["coalesce(applies_to, '')", "'|'", "coalesce(pattern, '')"]) }} as value
    from {{ ref('interest_topics') }}
{%- endmacro %}

{#- The stamped event models int_interest_actions takes in by stamp (macros/incremental_restamped.sql), by the
    action type it gives their rows. -#}
{% macro interest_stamped_sources() -%}
    {{ return([
        {'source': 'email_click', 'relation': ref('int_email_events_attributed'), 'id': 'event_id'},
        {'source': 'page_view', 'relation': ref('int_page_views_attributed'), 'id': 'page_view_id'},
    ]) }}
{%- endmacro %}
