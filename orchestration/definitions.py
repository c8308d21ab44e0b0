"""The one Definitions object: `dagster dev` loads it, and `crm-segments run` executes its job."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.clv import customer_clv
from orchestration.assets.dbt import crm_dbt_after_clv_assets, crm_dbt_assets
from orchestration.assets.ingest import ingest_assets, load_audit
from orchestration.assets.lists import list_definitions
from orchestration.assets.publish import serving_files
from orchestration.assets.report import segment_health_report
from orchestration.jobs import nightly_job
from orchestration.project import dbt_executable, dbt_project
from orchestration.resources import WarehouseResource
from orchestration.schedules import landing_folder_sensor, nightly_schedule


def build_definitions(warehouse: WarehouseResource) -> dg.Definitions:
    return dg.Definitions(
        assets=[
            *ingest_assets,
            load_audit,
            list_definitions,
            crm_dbt_assets,
            customer_clv,
            crm_dbt_after_clv_assets,
            segment_health_report,
            serving_files,
        ],
        jobs=[nightly_job],
        schedules=[nightly_schedule],
        sensors=[landing_folder_sensor],
        resources={
            "warehouse": warehouse,
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        },
    )


# `dagster dev` builds on DuckDB unless CRM_DBT_TARGET=spark; the launchpad's resource config can override it.
defs = build_definitions(WarehouseResource(dbt_target=os.environ.get("CRM_DBT_TARGET", "duckdb")))
