{#- URL cleaning shared by every model that reads page, referrer or click URLs. -#}

{#- Host and path, lower-cased, without scheme, "www.", query string, fragment or trailing slash:
    'https://www.Acme.com/Blog/Post/?utm_source=x#top' -> 'acme.com/blog/post'. -#}
{% macro url_page(url) -%}
    nullif(
        {{ regex_replace_all(
            regex_replace_all('lower(trim(' ~ url ~ '))', "'^[a-z][a-z0-9+.-]*://'", "''"),
            "'^www\\.|[?#].*$|/+$'", "''"
        ) }},
        ''
    )
{%- endmacro %}

{#- Host only, lower-cased and without "www.": 'https://www.google.co.uk/search?q=x' -> 'google.co.uk'. -#}
{% macro url_host(url) -%}
    {{ regex_extract('lower(trim(' ~ url ~ '))', "'^(?:[a-z][a-z0-9+.-]*://)?(?:www\\.)?([^/?#:]+)'") }}
{%- endmacro %}

{#- A query-string parameter's raw value: url_query_param('landing_page_url', 'utm_source'). -#}
{% macro url_query_param(url, name) -%}
    {{ regex_extract(url, "'[?&]" ~ name ~ "=([^&#]*)'") }}
{%- endmacro %}
