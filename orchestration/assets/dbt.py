"""The dbt project's models as assets; its tests arrive as asset checks.

The models split in two around the CLV fit (a Python asset): everything up to `fct_invoices` builds first,
then the models that read the fitted predictions (`source:clv+`) build after it.
"""

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from pydantic import Field

from orchestration.landing.layout import landed_dates
from orchestration.paths import dbt_target_path
from orchestration.project import AS_OF_DATE_ENV, dbt_project, warehouse_vars
from orchestration.resources import WarehouseResource

AFTER_CLV = "source:clv+"


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


translator = CrmDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


class BuildConfig(dg.Config):
    as_of_date: str | None = None
    """The date every date-relative rule uses (YYYY-MM-DD); default: the latest landed export date."""
    full_refresh: bool = False
    """Rebuild incremental models (the lead score history) from scratch."""
    variables: dict[str, str] = Field(default_factory=dict)
    """Other dbt vars for this run (e.g. reporting_currency), overriding dbt_project.yml."""


def resolve_as_of(warehouse: WarehouseResource, as_of_date: str | None) -> dt.date:
    if as_of_date is not None:
        return dt.date.fromisoformat(as_of_date)
    dates = landed_dates(warehouse.landing)
    return dates[-1] if dates else dt.date.today()


def dbt_vars(warehouse: WarehouseResource, config: BuildConfig) -> dict[str, str]:
    """The dbt vars of a run: the same every night, so dbt re-parses only what changed since the last run.

    The as-of date, which does change every night, travels in an environment variable (`dbt_env`).
    """
    variables = {**config.variables, **warehouse_vars(warehouse.warehouse, warehouse.raw)}
    if warehouse.dbt_target == "spark":
        variables["spark_warehouse_dir"] = str(warehouse.spark_warehouse)
    return variables


def dbt_env(warehouse: WarehouseResource, config: BuildConfig) -> dict[str, str]:
    return {AS_OF_DATE_ENV: resolve_as_of(warehouse, config.as_of_date).isoformat()}


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Sets environment variables for the subprocesses started inside the block, then restores them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: BuildConfig
):
    warehouse.warehouse.parent.mkdir(parents=True, exist_ok=True)
    variables = dbt_vars(warehouse, config)
    env = dbt_env(warehouse, config)
    context.log.info(f"dbt build with vars {variables} and environment {env}")
    # Unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py); nights need not.
    arguments = ["build", "--target", warehouse.dbt_target, "--vars", json.dumps(variables)]
    arguments += ["--exclude-resource-type", "unit_test"]
    if config.full_refresh:
        arguments.append("--full-refresh")
    # One target folder for every night instead of dagster-dbt's new folder per step: the second dbt step
    # reuses the first one's parse (same vars), and nights leave no folder of artifacts behind.
    target_path = dbt_target_path(warehouse.warehouse)
    with environment(env):  # dagster-dbt hands its process's environment to the dbt process it starts here
        invocation = dbt.cli(arguments, context=context, target_path=target_path)
    yield from invocation.stream()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    exclude=AFTER_CLV,
)
def crm_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: BuildConfig
):
    yield from _build(context, dbt, warehouse, config)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    select=AFTER_CLV,
)
def crm_dbt_after_clv_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: BuildConfig
):
    yield from _build(context, dbt, warehouse, config)
