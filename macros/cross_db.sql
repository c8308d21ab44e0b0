{#- Small dispatched helpers where DuckDB and Spark spell a function differently. dbt's own
    cross-database macros (dbt.concat, dbt.hash, dbt.split_part, dbt.dateadd, ...) cover the rest. -#}

{% macro regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'crm_segments')(expression, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}
{% macro spark__regex_matches(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern }})
{%- endmacro %}

{% macro regex_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'crm_segments')(expression, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
{% macro spark__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{#- The first capture group of pattern, or null when the pattern does not match. -#}
{% macro regex_extract(expression, pattern) -%}
    nullif(regexp_extract({{ expression }}, {{ pattern }}, 1), '')
{%- endmacro %}
