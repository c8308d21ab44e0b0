"""What the report shows, read from the marts."""

from dataclasses import dataclass

import duckdb

from orchestration.marts import MartsLocation, read_marts

Rows = list[dict[str, object]]

BAR_FAMILIES = ("source_channel", "company_icp_tier", "persona", "main_product")


@dataclass(frozen=True)
class ReportData:
    headline: dict[str, object]
    segments_by_family: dict[str, Rows]
    judged_segments: Rows
    cohorts: Rows
    funnel: Rows


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Rows:
    result = connection.execute(sql, params or [])
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def read_report_data(marts: MartsLocation) -> ReportData:
    with read_marts(marts) as connection:
        headline = _rows(
            connection,
            """
            select health.contacts, health.customers, health.revenue, health.reporting_currency,
                health.as_of_date, health.predicted_clv_total, health.open_pipeline
            from marts.rpt_segment_health as health
            where health.segment_family = 'all'
            """,
        )[0]
        segments_by_family = {
            family: _rows(
                connection,
                """
                select segment, contacts, customers, revenue, historical_ltv_mean, predicted_clv_mean,
                    quadrant
                from marts.rpt_segment_health
                where segment_family = ?
                order by revenue desc, contacts desc
                limit 15
                """,
                [family],
            )
            for family in BAR_FAMILIES
        }
        judged = _rows(
            connection,
            """
            select segment_family, segment, contacts, revenue_per_contact, performance_index,
                potential_index, quadrant
            from marts.rpt_segment_health
            where quadrant not in ('baseline', 'too small to judge')
            order by segment_family, segment
            """,
        )
        cohorts = _rows(
            connection,
            """
            select cohort_month, months_since_first_purchase, cohort_customers, retention_rate,
                cumulative_revenue_per_customer
            from marts.rpt_cohort_revenue
            order by cohort_month, months_since_first_purchase
            """,
        )
        funnel = _rows(
            connection,
            """
            select
                coalesce(source_channel, 'unknown') as channel,
                count(*) as contacts,
                count(first_conversion_at) as converted,
                count(case when open_deal_count > 0 or won_deal_count > 0 or is_customer then 1 end)
                    as opportunities,
                count(case when is_customer then 1 end) as customers
            from marts.dim_contacts
            group by 1
            order by contacts desc
            """,
        )
    return ReportData(headline, segments_by_family, judged, cohorts, funnel)
