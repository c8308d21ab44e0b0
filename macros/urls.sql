{#- URL cleaning shared by every model that reads page, referrer or click URLs. -#}

{#- Host and path, lower-cased, without scheme, "www.", query string, fragment or trailing slash:
    'https://www.Acme.com/Blog/Post/?utm_source=x#top' -> 'acme.com/blog/post'. -#}
{% macro url_page(url) -%}
    {%- set without_scheme = regex_replace_all('lower(trim(' ~ url ~ '))', "'^[a-z][a-z0-9+.-]*://'", "''") -%}
    {%- set without_query = regex_replace_all(without_scheme, "'[?#].*$'", "''") -%}
    nullif({{ regex_replace_all(without_query, "'^www\\.|/+$'", "''") }}, '')
{%- endmacro %}

{#- Host only, lower-cased and without "www.": 'https://www.google.co.uk/search?q=x' -> 'google.co.uk'. -#}
{% macro url_host(url) -%}
    {{ regex_extract('lower(trim(' ~ url ~ '))', "'^(?:[a-z][a-z0-9+.-]*://)?(?:www\\.)?([^/?#:]+)'") }}
{%- endmacro %}

{#- A query-string parameter's raw value: url_query_param('landing_page_url', 'utm_source'). -#}
{% macro url_query_param(url, name) -%}
    {{ regex_extract(url, "'[?&]" ~ name ~ "=([^&#]*)'") }}
{%- endmacro %}

{#- The path of a normalized page ('acme.com/pl/cennik' -> '/pl/cennik', 'acme.com' -> '/'); null when the
    value is not a URL at all (e.g. a landing-page id), so it gets no content group. -#}
{% macro page_path(page) -%}
    case
        when {{ dbt.position("'/'", page) }} > 0 then {{ regex_extract(page, "'^[^/]*(/.*)$'") }}
        when {{ dbt.position("'.'", page) }} > 0 then '/'
    end
{%- endmacro %}

{#- The name a traffic source goes by: the first label of its host after www/m/l prefixes
    ('m.facebook.com' -> 'facebook', 'google.co.uk' -> 'google'). -#}
{% macro source_label(source) -%}
    {{ regex_extract(source, "'^(?:(?:www|m|l|lm|mobile)\\.)?([^./]+)'") }}
{%- endmacro %}
