"""The dbt project's models as assets; its tests arrive as asset checks."""

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.landing.layout import landed_dates
from orchestration.project import dbt_project
from orchestration.resources import WarehouseResource


class CrmDbtTranslator(DagsterDbtTranslator):
    """Raw sources are the ingest assets' keys (`raw/<export>`); models are grouped by layer folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        path = dbt_resource_props.get("original_file_path", "")
        parts = path.split("/")
        return parts[1] if len(parts) > 2 and parts[0] == "models" else None


class BuildConfig(dg.Config):
    as_of_date: str | None = None
    """The date every date-relative rule uses (YYYY-MM-DD); default: the latest landed export date."""
    full_refresh: bool = False
    """Rebuild incremental models (the lead score history) from scratch."""


def dbt_vars(warehouse: WarehouseResource, as_of_date: str | None) -> dict[str, str]:
    if as_of_date is None:
        dates = landed_dates(warehouse.landing)
        as_of_date = dates[-1].isoformat() if dates else dt.date.today().isoformat()
    return {
        "warehouse_path": str(warehouse.warehouse),
        "raw_root": str(warehouse.raw),
        "as_of_date": dt.date.fromisoformat(as_of_date).isoformat(),
    }


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=CrmDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def crm_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: BuildConfig
):
    warehouse.warehouse.parent.mkdir(parents=True, exist_ok=True)
    variables = dbt_vars(warehouse, config.as_of_date)
    context.log.info(f"dbt build with {variables}")
    # Unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py); nights need not.
    arguments = ["build", "--vars", json.dumps(variables), "--exclude-resource-type", "unit_test"]
    if config.full_refresh:
        arguments.append("--full-refresh")
    yield from dbt.cli(arguments, context=context).stream()
