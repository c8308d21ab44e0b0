{#- A model of partial sums per upstream stamp: it groups the rows of a stamped model (one that only deletes
    rows or inserts rows stamped with the build that wrote them, `_built_at`) by its own grain plus the stamp,
    and keeps how many upstream rows each partial counts (`counted_rows`). Upstream rows never join an older
    stamp, so a stamp whose upstream count differs from the count this model holds for it lost rows (they were
    written again under a newer stamp, or deleted) or is new: its partials are the only ones to derive again.
    Readers sum the partials over the stamps. -#}

{#- The stamps whose rows (those `counted` keeps) upstream and this model count differently. -#}
{% macro stamps_counted_differently(upstream, counted) -%}
    select coalesce(upstream_stamps._built_at, held_stamps._built_at) as _built_at
    from (
        select
            _built_at,
            count(*) as counted_rows
        from {{ upstream }}
        where {{ counted }}
        group by _built_at
    ) as upstream_stamps
    full outer join (
        select
            _built_at,
            sum(counted_rows) as counted_rows
        from {{ this }}
        group by _built_at
    ) as held_stamps
        on upstream_stamps._built_at = held_stamps._built_at
    where coalesce(upstream_stamps.counted_rows, 0) <> coalesce(held_stamps.counted_rows, 0)
{%- endmacro %}

{#- Pre-hook: drops the partials of the stamps counted differently. The model's query then derives every
    upstream stamp it no longer holds (those, and new ones) without comparing the counts a second time. -#}
{% macro delete_partials_counted_differently(upstream, counted) -%}
    {%- if is_incremental() -%}
        {{ delete_where(this, '_built_at in (' ~ stamps_counted_differently(upstream, counted) ~ ')') }}
    {%- endif -%}
{%- endmacro %}
