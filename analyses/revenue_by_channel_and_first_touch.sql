-- Where does revenue come from? Revenue, customers and conversion by source channel and the content
-- group of the first page seen.
select
    coalesce(source_channel, 'unknown') as source_channel,
    coalesce(first_touch_content_group, 'no first page') as first_touch_content_group,
    count(*) as contacts,
    count(case when is_customer then 1 end) as customers,
    round(cast(count(case when is_customer then 1 end) as double) / count(*), 3) as conversion_rate,
    round(sum(revenue_total), 2) as revenue,
    round(sum(revenue_total) / nullif(count(case when is_customer then 1 end), 0), 2) as revenue_per_customer
from {{ ref('dim_contacts') }}
group by
    coalesce(source_channel, 'unknown'),
    coalesce(first_touch_content_group, 'no first page')
order by revenue desc, contacts desc
