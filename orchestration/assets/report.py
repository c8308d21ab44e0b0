"""The static segment health report, written next to the DuckDB file after the marts are built."""

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import crm_dbt_after_clv_assets, crm_dbt_assets
from orchestration.report import read_report_data, render_report
from orchestration.resources import WarehouseResource

REPORT_NAME = "segment_health_report.html"


@dg.asset(
    key=["reports", "segment_health"],
    deps=[
        get_asset_key_for_model([crm_dbt_after_clv_assets], "rpt_segment_health"),
        get_asset_key_for_model([crm_dbt_assets], "rpt_cohort_revenue"),
        get_asset_key_for_model([crm_dbt_assets], "dim_contacts"),
    ],
    group_name="reports",
    description="Segment health report (HTML with inline charts; opens from disk, no server).",
)
def segment_health_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    path = warehouse.warehouse.parent / REPORT_NAME
    partial = path.with_name(f".{REPORT_NAME}.partial")
    partial.write_text(render_report(read_report_data(warehouse.marts)), encoding="utf-8")
    partial.replace(path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path))})
