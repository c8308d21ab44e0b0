"""The dbt project as Dagster sees it; the manifest comes from a prepare step (`dbt parse`), not git."""

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.paths import PROJECT_DIR


def dbt_executable() -> str:
    """The dbt installed beside this Python, so an unactivated virtual environment still finds it."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def prepare_manifest() -> None:
    """Write target/manifest.json with `dbt parse` (partial parsing keeps repeats fast)."""
    dbt = DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
    dbt.cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()


if dbt_project.preparer.using_dagster_dev():
    prepare_manifest()
