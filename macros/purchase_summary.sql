{#- Purchase history per entity (contact_id or company_id): paid invoices, revenue in the reporting
    currency, products bought, the main product (most revenue) and when it became a customer. -#}
{% macro purchase_summary(entity) -%}
with

paid as (

    select *
    from {{ ref('int_invoices_converted') }}
    where is_revenue and {{ entity }} is not null

),

products as (

    select
        paid.{{ entity }},
        paid.product,
        sum(paid.revenue_reporting) as product_revenue,
        row_number() over (
            partition by paid.{{ entity }} order by sum(paid.revenue_reporting) desc, paid.product
        ) as revenue_rank
    from paid
    where paid.product is not null
    group by paid.{{ entity }}, paid.product

),

won_deals as (

    select
        {{ entity }},
        min(coalesce(cast(close_date as timestamp), updated_at)) as first_won_at,
        count(*) as won_deal_count
    from {{ ref('int_deals_converted') }}
    where is_won and {{ entity }} is not null
    group by {{ entity }}

),

invoices_summary as (

    select
        {{ entity }},
        count(*) as purchase_count,
        sum(revenue_reporting) as revenue_total,
        min(issued_at) as first_purchase_at,
        max(issued_at) as last_purchase_at
    from paid
    group by {{ entity }}

),

product_lists as (

    select
        {{ entity }},
        {{ dbt.listagg('product', "', '", 'order by product') }} as products_bought
    from products
    group by {{ entity }}

),

buyers as (

    select {{ entity }} from invoices_summary
    union
    select {{ entity }} from won_deals

)

select
    buyers.{{ entity }},
    coalesce(invoices_summary.purchase_count, 0) as purchase_count,
    coalesce(invoices_summary.revenue_total, 0) as revenue_total,
    invoices_summary.first_purchase_at,
    invoices_summary.last_purchase_at,
    product_lists.products_bought,
    main.product as main_product,
    catalog.plan_tier,
    coalesce(won_deals.won_deal_count, 0) as won_deal_count,
    case
        when won_deals.first_won_at is null then invoices_summary.first_purchase_at
        when invoices_summary.first_purchase_at is null then won_deals.first_won_at
        when won_deals.first_won_at < invoices_summary.first_purchase_at then won_deals.first_won_at
        else invoices_summary.first_purchase_at
    end as became_customer_at
from buyers
left join invoices_summary on buyers.{{ entity }} = invoices_summary.{{ entity }}
left join won_deals on buyers.{{ entity }} = won_deals.{{ entity }}
left join product_lists on buyers.{{ entity }} = product_lists.{{ entity }}
left join products as main on buyers.{{ entity }} = main.{{ entity }} and main.revenue_rank = 1
left join {{ ref('products') }} as catalog on main.product = catalog.product
{%- endmacro %}
