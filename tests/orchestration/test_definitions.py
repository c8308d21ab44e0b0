import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from orchestration.assets.dbt import AS_OF_DATE_ENV, BuildConfig, dbt_env, dbt_vars, environment
from orchestration.definitions import defs
from orchestration.landing.contract import load_contract
from orchestration.paths import MODELS_DIR, PROJECT_DIR
from orchestration.project import DEFAULT_DBT_TARGET, DEFAULT_WAREHOUSE_VARS
from orchestration.resources import WarehouseResource


def test_definitions_load_with_job_schedule_and_sensor() -> None:
    assert defs.resolve_job_def("nightly") is not None
    assert defs.resolve_schedule_def("nightly_schedule").cron_schedule == "0 2 * * *"
    assert defs.resolve_sensor_def("landing_folder_sensor") is not None


def test_asset_graph_runs_from_ingest_to_staging() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    exports = load_contract(MODELS_DIR)
    assert {f"raw/{name}" for name in exports} <= keys
    for name, spec in exports.items():
        node = graph.get(dg.AssetKey(["raw", name]))
        assert node.is_materializable and node.partitions_def is not None
        staging = [key for key in node.child_keys if key.path[0] == "staging"]
        assert staging, f"no staging model reads raw/{name}"
        assert any(key.path[-1].startswith(f"stg_{spec.source}__") for key in staging)
    audit = graph.get(dg.AssetKey(["raw", "load_audit"]))
    assert audit.is_materializable and dg.AssetKey(["staging", "stg_landing__loads"]) in audit.child_keys


def test_dbt_tests_surface_as_asset_checks() -> None:
    checks = {
        (key.asset_key.to_user_string(), key.name) for key in defs.resolve_asset_graph().asset_check_keys
    }
    assert ("staging/stg_crm__contacts", "unique_in_latest_build_stg_crm__contacts_contact_id") in checks
    assert ("raw/contacts", "rows_reconcile") in checks


def test_the_as_of_date_reaches_dbt_without_changing_its_vars(tmp_path: Path) -> None:
    """dbt re-parses the whole project when its vars change; the nightly date travels in the environment."""
    warehouse = WarehouseResource(warehouse_path=str(tmp_path / "w.duckdb"))
    monday, tuesday = BuildConfig(as_of_date="2026-10-05"), BuildConfig(as_of_date="2026-10-06")
    assert dbt_vars(warehouse, monday) == dbt_vars(warehouse, tuesday)
    assert dbt_env(warehouse, tuesday) == {AS_OF_DATE_ENV: "2026-10-06"}
    with environment(dbt_env(warehouse, tuesday)):
        assert os.environ[AS_OF_DATE_ENV] == "2026-10-06"
    assert os.environ.get(AS_OF_DATE_ENV) is None


def test_the_prepared_parse_has_the_vars_of_a_default_build() -> None:
    """The prepare step parses with the target and vars the nightly job passes for the default warehouse, so
    the quick start's first dbt run starts from that parse instead of parsing the whole project again."""
    assert WarehouseResource().dbt_target == DEFAULT_DBT_TARGET
    assert dbt_vars(WarehouseResource(), BuildConfig()) == DEFAULT_WAREHOUSE_VARS


def test_the_test_suite_starts_without_a_manifest() -> None:
    """pytest imports conftest before its prepare step writes target/manifest.json, so on a clean clone
    conftest must not import the dbt assets, which read the manifest when they are defined."""
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, conftest; print(sorted(sys.modules))"],
        cwd=PROJECT_DIR / "tests",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'orchestration.project'" in imported
    assert "'orchestration.assets.dbt'" not in imported
