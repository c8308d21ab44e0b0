{#- A model of partial sums per upstream stamp: it groups the rows of a stamped model (one that only deletes
    rows or inserts rows stamped with the build that wrote them, `_built_at`) by its own grain plus the stamp.
    Each partial keeps how many upstream rows its stamp had when it was derived (`stamp_rows`, all of them,
    counted or not). Upstream rows never join an older stamp, so a stamp whose upstream row count differs from
    the one held lost rows (they were written again under a newer stamp, or deleted) or is new: its partials
    are the only ones to derive again. Counting rows per stamp reads only the stamp column (a fraction of a
    second at 50M rows), where counting the rows the model keeps would read the columns it filters on; and the
    stamps to derive are literals, so the model reads only the row groups that hold them. A stamp none of whose
    rows the model keeps holds no partial, so it is derived again (to nothing) each night: a small cost, as
    such stamps are small. Readers sum the partials over the stamps. -#}

{#- The stamps (as timestamp literals) whose partials are derived again, or none for all of them (a first or
    full build, or partials built before `stamp_rows` existed). -#}
{% macro stamps_to_derive_again(upstream) -%}
    {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
    {%- set held_columns = held_column_names() -%}
    {%- if 'stamp_rows' not in held_columns -%}{{ return(none) }}{%- endif -%}
    {%- set query -%}
        select coalesce(upstream_stamps._built_at, held_stamps._built_at) as _built_at
        from (
            select
                _built_at,
                count(*) as stamp_rows
            from {{ upstream }}
            group by _built_at
        ) as upstream_stamps
        full outer join (
            select
                _built_at,
                max(stamp_rows) as stamp_rows
            from {{ this }}
            group by _built_at
        ) as held_stamps
            on upstream_stamps._built_at = held_stamps._built_at
        where coalesce(upstream_stamps.stamp_rows, 0) <> coalesce(held_stamps.stamp_rows, 0)
        order by 1
    {%- endset -%}
    {%- set stamps = [] -%}
    {%- for stamp in run_query(query).columns[0].values() -%}
        {%- do stamps.append(timestamp_literal(stamp)) -%}
    {%- endfor -%}
    {{ return(stamps) }}
{%- endmacro %}

{#- The condition on `_built_at` (of upstream rows, or of this model's partials) that keeps the stamps
    derived again. -#}
{% macro stamp_derived_again(stamps) -%}
    {%- if stamps is none -%}
        1 = 1
    {%- elif stamps | length == 0 -%}
        1 = 0
    {%- else -%}
        _built_at in ({{ stamps | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: drops the partials of the stamps derived again (all of them when `stamps_to_derive_again` says
    none), before the model's query derives those stamps. -#}
{% macro delete_partials_derived_again(upstream) -%}
    {%- if is_incremental() -%}
        {%- set stamps = stamps_to_derive_again(upstream) -%}
        {%- if stamps is none or stamps | length > 0 -%}
            {{ delete_where(this, stamp_derived_again(stamps)) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
