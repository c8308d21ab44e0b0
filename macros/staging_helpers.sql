{#- Ranks the versions of each key in a raw relation, newest first: by version_column when the export
    has one, then by the latest export date and the last row in that file. Staging keeps rank 1. -#}
{% macro version_rank(partition_by, version_column=none) -%}
    row_number() over (
        partition by {{ partition_by | join(', ') }}
        order by
            {%- if version_column %} {{ version_column }} desc nulls last,{% endif %}
            _export_date desc,
            _row_number desc
    )
{%- endmacro %}

{#- The rows of an event export with their version_rank, for exports where a key is rarely exported twice.
    Ranking every row (a window over the whole export, 42 of 78 s for 50M email events) costs more than
    finding the repeated keys first: a model reads them into a CTE named `repeated_keys`
    (repeated_key_hashes), then this ranks only their rows and gives every other row rank 1. Keys are
    compared by hash; a collision only sends a few more rows to the ranking. `exported` filters the rows. -#}
{% macro versions_ranked_where_repeated(relation, keys, exported) -%}
    select
        *,
        1 as version_rank
    from {{ relation }}
    where {{ exported }} and {{ key_hash(keys) }} not in (select repeated_keys.key_hash from repeated_keys)

    union all

    select
        *,
        {{ version_rank(keys) }} as version_rank
    from {{ relation }}
    where {{ exported }} and {{ key_hash(keys) }} in (select repeated_keys.key_hash from repeated_keys)
{%- endmacro %}

{#- Hashes of the keys that occur more than once among a relation's `exported` rows. -#}
{% macro repeated_key_hashes(relation, keys, exported) -%}
    select {{ key_hash(keys) }} as key_hash
    from {{ relation }}
    where {{ exported }}
    group by {{ key_hash(keys) }}
    having count(*) > 1
{%- endmacro %}

{#- Normalized email: trimmed and lower-cased; empty becomes null. -#}
{% macro normalize_email(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{#- Whether a normalized email looks deliverable (one @, a dot in the domain, no spaces). -#}
{% macro is_valid_email(column) -%}
    coalesce({{ regex_matches(column, "'^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$'") }}, false)
{%- endmacro %}

{#- Lower-case form of a categorical value with runs of other characters replaced by separator:
    'Marketing Qualified Lead' -> 'marketing_qualified_lead' (or 'marketingqualifiedlead' with ''). -#}
{% macro normalize_category(column, separator='_') -%}
    {%- set edges_trimmed = regex_replace_all('lower(trim(' ~ column ~ '))', "'^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$'", "''") -%}
    nullif({{ regex_replace_all(edges_trimmed, "'[^\\p{L}\\p{N}]+'", "'" ~ separator ~ "'") }}, '')
{%- endmacro %}

{#- Columns of a raw relation beyond its landing contract and lineage: the custom properties a CRM
    export carries (the ingest assets store them as text with snake_case names). -#}
{% macro custom_columns(relation, contract_columns) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set known = contract_columns + (raw_lineage_columns().keys() | list) -%}
    {%- set found = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) if column.name | lower not in known -%}
        {%- do found.append(column.name | lower) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#- Only rows exported by the as-of date: rebuilding as of a past day shows the warehouse as it was then. -#}
{% macro known_by_as_of_date() -%}
    _export_date <= {{ as_of_date() }}
{%- endmacro %}

{#- When the build that wrote a row started: incremental models stamp their rows with it (`_built_at`), so
    tests can tell the rows the latest build wrote (see test unique_in_latest_build). -#}
{% macro built_at() -%}
    {{ timestamp_literal(run_started_at) }}
{%- endmacro %}

{#- A Python datetime (a run's start, a stamp read back with run_query) as a SQL timestamp literal, to the
    microsecond. -#}
{% macro timestamp_literal(value) -%}
    {{ return("cast('" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") }}
{%- endmacro %}

{#- The lower-case column names of the model being built, as it is held (an incremental model's plan asks
    whether it already has the columns the plan reads). -#}
{% macro held_column_names() -%}
    {{ return(adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}
