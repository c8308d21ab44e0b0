-- Which segments perform well, which badly, and which badly but with potential (high ICP fit or pipeline)?
-- One row per judged segment, best opportunities first within each quadrant.
select
    quadrant,
    segment_family,
    segment,
    contacts,
    customers,
    round(conversion_rate, 3) as conversion_rate,
    round(revenue_per_contact, 2) as revenue_per_contact,
    round(performance_index, 2) as performance_index,
    round(potential_index, 2) as potential_index,
    round(pipeline_per_contact, 2) as pipeline_per_contact,
    round(avg_company_icp_score, 1) as avg_company_icp_score
from {{ ref('rpt_segment_health') }}
where quadrant not in ('baseline', 'too small to judge')
order by
    case quadrant
        when 'underperforming, high potential' then 1
        when 'performing, high potential' then 2
        when 'performing, low potential' then 3
        else 4
    end,
    potential_index desc,
    contacts desc
