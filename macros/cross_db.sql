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

{#- Joins the filled monthly FX rates for an amount's currency and for the reporting currency. -#}
{% macro fx_rate_joins(currency, month) -%}
    left join {{ ref('int_fx_rates_filled') }} as source_rate
        on {{ currency }} = source_rate.currency and {{ month }} = source_rate.month_start
    left join {{ ref('int_fx_rates_filled') }} as reporting_rate
        on reporting_rate.currency = '{{ var("reporting_currency") }}' and {{ month }} = reporting_rate.month_start
{%- endmacro %}

{#- An amount in the reporting currency, using the rates joined by fx_rate_joins, rounded to cents as an
    exact decimal (so sums come out the same whatever order an engine adds them in). -#}
{% macro to_reporting_currency(amount, currency) -%}
    cast(round(
        case
            when {{ currency }} = '{{ var("reporting_currency") }}' then {{ amount }}
            else {{ amount }} / source_rate.units_per_eur * reporting_rate.units_per_eur
        end,
        2
    ) as decimal(18, 2))
{%- endmacro %}

{#- A value as a number, or null when it is not one. -#}
{% macro try_cast_double(expression) -%}
    try_cast({{ expression }} as double)
{%- endmacro %}

{#- 'YYYY-MM' label of a date or timestamp. -#}
{% macro year_month(expression) -%}
    cast(extract(year from {{ expression }}) as {{ dbt.type_string() }})
    || '-' || lpad(cast(extract(month from {{ expression }}) as {{ dbt.type_string() }}), 2, '0')
{%- endmacro %}

{#- Whole days from one date (or timestamp) to another. -#}
{% macro days_between(earlier, later) -%}
    {{ return(adapter.dispatch('days_between', 'crm_segments')(earlier, later)) }}
{%- endmacro %}
{% macro default__days_between(earlier, later) -%}
    date_diff('day', cast({{ earlier }} as date), cast({{ later }} as date))
{%- endmacro %}
{% macro spark__days_between(earlier, later) -%}
    cast(datediff(cast({{ later }} as date), cast({{ earlier }} as date)) as bigint)
{%- endmacro %}

{#- Elapsed whole hours from one timestamp to another, rounded down. (dbt's hour datediff counts hour
    boundaries crossed on DuckDB but rounds the elapsed time up on Spark.) -#}
{% macro whole_hours_between(earlier, later) -%}
    cast(floor({{ dbt.datediff(earlier, later, 'second') }} / 3600) as bigint)
{%- endmacro %}

{#- A number as text with its sign, and without decimals when it is whole: 5 -> '+5', -2.5 -> '-2.5'. -#}
{% macro signed_number(expression) -%}
    case when {{ expression }} >= 0 then '+' else '' end
    || case
        when {{ expression }} = floor({{ expression }})
            then cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }})
        else cast({{ expression }} as {{ dbt.type_string() }})
    end
{%- endmacro %}

{#- Exact median of a numeric expression (an aggregate), as a double: the middle of two values keeps its
    half cent on every engine (DuckDB's median of a decimal would round it to the decimal's scale). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'crm_segments')(expression)) }}
{%- endmacro %}
{% macro default__median(expression) -%}
    median(cast({{ expression }} as double))
{%- endmacro %}
{% macro spark__median(expression) -%}
    percentile(cast({{ expression }} as double), 0.5)
{%- endmacro %}

{#- One row per part of a delimited text column: select id_column, part from relation. -#}
{% macro split_to_rows(relation, id_column, text_column, delimiter) -%}
    {{ return(adapter.dispatch('split_to_rows', 'crm_segments')(relation, id_column, text_column, delimiter)) }}
{%- endmacro %}
{% macro default__split_to_rows(relation, id_column, text_column, delimiter) -%}
    select
        {{ id_column }},
        unnest(string_split({{ text_column }}, '{{ delimiter }}')) as part
    from {{ relation }}
    where {{ text_column }} is not null
{%- endmacro %}
{% macro spark__split_to_rows(relation, id_column, text_column, delimiter) -%}
    select
        {{ id_column }},
        explode(split({{ text_column }}, '{{ delimiter }}')) as part
    from {{ relation }}
    where {{ text_column }} is not null
{%- endmacro %}

{#- dbt-spark's split_part escapes the delimiter with a backslash written for Spark's default string-literal
    parser; with spark.sql.parser.escapedStringLiterals (profiles.yml) that backslash would stay doubled and
    the delimiter never match. Here the delimiter is quoted as a whole (\Q...\E), and a missing part is ''
    as on DuckDB and Postgres (instead of an out-of-range error under ANSI mode). -#}
{% macro spark__split_part(string_text, delimiter_text, part_number) -%}
    {%- if part_number < 1 -%}
        {{ exceptions.raise_compiler_error('split_part: only part numbers from 1 are supported on Spark') }}
    {%- endif -%}
    case
        when {{ string_text }} is not null
            then coalesce(
                try_element_at(split({{ string_text }}, concat('\Q', {{ delimiter_text }}, '\E')), {{ part_number }}),
                ''
            )
    end
{%- endmacro %}

{#- dbt-spark's listagg ignores order_by_clause (collect_list order is whatever the shuffle gives) and returns
    '' for a group with no values; Spark 4's own listagg orders within the group and returns null, as DuckDB
    and Postgres do. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg: limit_num is not supported on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif -%}
{%- endmacro %}

{#- A double rounded to `digits` decimals the same way on every engine: engines sum floating-point values in
    different orders, so a score can be 90.384999... on one and 90.385000... on another. Snapping to six
    decimals first makes both 90.385000, which then rounds half up to 90.39 on both. -#}
{% macro stable_round(expression, digits) -%}
    cast(round(cast({{ expression }} as decimal(24, 6)), {{ digits }}) as double)
{%- endmacro %}

{#- Between a CTE's name and its body (`name as {{ inlined() }} (`): the CTE is folded into each query that
    reads it instead of being computed once and stored. DuckDB stores a CTE read more than once, which for a
    plain filter over millions of event rows costs more than reading them again; other engines inline anyway. -#}
{% macro inlined() -%}
    {{ return(adapter.dispatch('inlined', 'crm_segments')()) }}
{%- endmacro %}
{% macro default__inlined() -%}{%- endmacro %}
{% macro duckdb__inlined() -%}
    not materialized
{%- endmacro %}

{#- A 64-bit hash of one or more columns, equal for equal values (nulls included). -#}
{% macro key_hash(columns) -%}
    {{ return(adapter.dispatch('key_hash', 'crm_segments')(columns)) }}
{%- endmacro %}
{% macro default__key_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
{% macro spark__key_hash(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}

{#- key_hash as a number whose sums are exact (fingerprints of sets of rows): DuckDB adds its 64-bit unsigned
    hashes as 128-bit integers; Spark's bigint sums could overflow, so it adds decimals. -#}
{% macro summable_key_hash(columns) -%}
    {{ return(adapter.dispatch('summable_key_hash', 'crm_segments')(columns)) }}
{%- endmacro %}
{% macro default__summable_key_hash(columns) -%}
    cast({{ key_hash(columns) }} as hugeint)
{%- endmacro %}
{% macro spark__summable_key_hash(columns) -%}
    cast({{ key_hash(columns) }} as decimal(38, 0))
{%- endmacro %}
