"""The dbt project as Dagster sees it; the manifest comes from a prepare step (`dbt parse`), not git."""

import json
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.paths import DEFAULT_WAREHOUSE_PATH, PROJECT_DIR


def dbt_executable() -> str:
    """The dbt installed beside this Python, so an unactivated virtual environment still finds it."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)

# The environment variable the models read their as-of date from (macros/as_of_date.sql).
AS_OF_DATE_ENV = "CRM_AS_OF_DATE"


def warehouse_vars(warehouse_path: Path, raw_root: Path) -> dict[str, str]:
    """The dbt vars that place a build: its DuckDB file and its raw Parquet layer."""
    return {"warehouse_path": str(warehouse_path), "raw_root": str(raw_root)}


# The target and vars of a build of the default warehouse (the quick start's). The prepare step parses with
# them: dbt re-parses the whole project when the target, the vars or the profile's path differ from its saved
# parse, and the nightly job starts a new warehouse's dbt folder from the prepared parse.
DEFAULT_DBT_TARGET = "duckdb"
DEFAULT_WAREHOUSE_VARS = warehouse_vars(DEFAULT_WAREHOUSE_PATH, DEFAULT_WAREHOUSE_PATH.parent / "raw")


PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "analyses", "tests/dbt")


def _latest_project_change() -> float:
    latest = 0.0
    for name in PROJECT_INPUTS:
        path = PROJECT_DIR / name
        files = [path] if path.is_file() else list(path.rglob("*")) if path.is_dir() else []
        latest = max([latest, *(file.stat().st_mtime for file in files)])
    return latest


def prepare_manifest() -> None:
    """Write target/manifest.json with `dbt parse`, unless it is newer than every project file."""
    manifest = dbt_project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime > _latest_project_change():
        return
    dbt = DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
    placed = ["--target", DEFAULT_DBT_TARGET, "--vars", json.dumps(DEFAULT_WAREHOUSE_VARS)]
    dbt.cli(["parse", "--quiet", *placed], target_path=dbt_project.target_path).wait()


if dbt_project.preparer.using_dagster_dev():
    prepare_manifest()
