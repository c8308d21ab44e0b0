"""Revenue, CLV and segment health marts, the analyses and the HTML report on the small generated sample."""

from decimal import Decimal

import duckdb
import pytest
from conftest import BuiltWarehouse

from orchestration.assets.report import REPORT_NAME
from orchestration.paths import PROJECT_DIR, dbt_target_path

pytestmark = pytest.mark.e2e


def test_revenue_reconciles_from_invoices_to_people_segments_and_cohorts(
    built_warehouse: BuiltWarehouse,
) -> None:
    invoices, people, baseline, monthly, cohorts = built_warehouse.query(
        """
        select
            (select sum(revenue_reporting) from marts.fct_invoices
                where contact_id in (select contact_id from marts.dim_contacts)),
            (select sum(revenue_total) from marts.dim_contacts),
            (select revenue from marts.rpt_segment_health where segment_family = 'all'),
            (select sum(revenue) from marts.rpt_segment_health_monthly
                where segment_family = 'source_channel'),
            (select sum(revenue) from marts.rpt_cohort_revenue)
        """
    )[0]
    assert invoices > 0
    assert Decimal(str(round(people, 2))) == invoices == baseline == monthly
    # Cohorts hold the people with a positive paid invoice: everything but credit-note-only buyers.
    credit_only = built_warehouse.query(
        """
        select coalesce(sum(revenue_reporting), 0) from marts.fct_invoices
        where contact_id not in (select contact_id from marts.fct_invoices where revenue_reporting > 0)
        """
    )[0][0]
    assert (
        cohorts
        == sum(
            row[0]
            for row in built_warehouse.query(
                "select revenue_reporting from marts.fct_invoices where contact_id is not null"
            )
        )
        - credit_only
    )


def test_every_segment_family_is_in_segment_health(built_warehouse: BuiltWarehouse) -> None:
    families = {
        row[0] for row in built_warehouse.query("select distinct segment_family from marts.contact_segments")
    }
    health = {
        row[0]
        for row in built_warehouse.query("select distinct segment_family from marts.rpt_segment_health")
    }
    assert health == families | {"all"}
    contacts, baseline = built_warehouse.query(
        "select (select count(*) from marts.dim_contacts), contacts from marts.rpt_segment_health"
        " where segment_family = 'all'"
    )[0]
    assert contacts == baseline


def test_invoices_in_the_reporting_currency_keep_their_amount(built_warehouse: BuiltWarehouse) -> None:
    currencies = built_warehouse.query(
        """
        select currency, count(*), count(case when amount_reporting = amount then 1 end)
        from marts.fct_invoices group by 1
        """
    )
    assert len(currencies) > 1
    for currency, invoices, unchanged in currencies:
        assert (unchanged == invoices) == (currency == "EUR"), currency


def test_clv_rows_are_the_paying_customers(built_warehouse: BuiltWarehouse) -> None:
    customers, paying = built_warehouse.query(
        """
        select (select count(*) from marts.fct_customer_clv),
            (select count(distinct contact_id) from marts.fct_invoices
                where is_revenue and not is_credit_note and contact_id is not null)
        """
    )[0]
    assert customers == paying > 0
    parameters = built_warehouse.query("select count(*) from marts.clv_model_parameters")[0][0]
    predicted = built_warehouse.query("select count(predicted_clv) from marts.fct_customer_clv")[0][0]
    # Either the models were fitted and everyone is scored, or the history was too thin and nobody is.
    assert (parameters > 0 and predicted == customers) or (parameters == 0 and predicted == 0)


def test_analyses_compile_and_run(built_warehouse: BuiltWarehouse) -> None:
    result = built_warehouse.dbt("compile", "--select", "resource_type:analysis")
    assert result.returncode == 0, result.stdout[-3000:]
    analyses = dbt_target_path(built_warehouse.warehouse) / "compiled" / "crm_segments" / "analyses"
    compiled = sorted(analyses.glob("*.sql"))
    assert {path.name for path in compiled} == {
        path.name for path in (PROJECT_DIR / "analyses").glob("*.sql")
    }
    with duckdb.connect(str(built_warehouse.warehouse), read_only=True) as connection:
        for path in compiled:
            rows = connection.sql(path.read_text()).fetchall()
            assert rows, path.name


def test_report_is_written_next_to_the_warehouse(built_warehouse: BuiltWarehouse) -> None:
    report = (built_warehouse.warehouse.parent / REPORT_NAME).read_text(encoding="utf-8")
    for section in ("Revenue and lifetime value by segment", "Performance and potential", "Cohort retention"):
        assert section in report
    assert "Channel funnel" in report and "<svg" in report and "<script" not in report
