"""Publishing the finished marts to the serving files BI tools read (see orchestration/serving.py)."""

import dagster as dg

from orchestration.assets.dbt import crm_dbt_after_clv_assets, crm_dbt_assets
from orchestration.assets.report import segment_health_report
from orchestration.project import dbt_project
from orchestration.resources import WarehouseResource
from orchestration.serving import pii_columns, publish_with_and_without_pii
from orchestration.serving_catch_up import serving_keys


def _mart_keys() -> list[dg.AssetKey]:
    keys = []
    for assets in (crm_dbt_assets, crm_dbt_after_clv_assets):
        keys += [key for key, group in assets.group_names_by_key.items() if group == "marts"]
    return sorted(keys, key=lambda key: key.to_user_string())


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["serving", "crm"],
            deps=[*_mart_keys(), segment_health_report.key],
            group_name="serving",
            description="All marts, published atomically for BI readers.",
        ),
        dg.AssetSpec(
            ["serving", "crm_no_pii"],
            deps=_mart_keys(),
            group_name="serving",
            description="The marts without columns tagged pii (emails, names, phones).",
        ),
    ],
)
def serving_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    full, without_pii = publish_with_and_without_pii(
        warehouse.marts,
        warehouse.serving / "crm.duckdb",
        warehouse.serving / "crm_no_pii.duckdb",
        pii_columns(dbt_project.manifest_path),
        serving_keys(dbt_project.manifest_path),
    )
    for key, published in ((["serving", "crm"], full), (["serving", "crm_no_pii"], without_pii)):
        context.log.info(
            f"published {published.tables} tables, {published.rows} rows to {published.path}"
            f" (caught up from last night: {', '.join(published.caught_up) or 'none'})"
        )
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "path": dg.MetadataValue.path(str(published.path)),
                "tables": published.tables,
                "rows": published.rows,
                "dropped_columns": ", ".join(published.dropped_columns) or "none",
                "caught_up_tables": ", ".join(published.caught_up) or "none",
            },
        )
