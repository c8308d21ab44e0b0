"""Running dbt by hand in tests: a throwaway copy of the project, and dbt against a chosen warehouse."""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.paths import PROJECT_DIR, dbt_target_path
from orchestration.project import AS_OF_DATE_ENV, warehouse_vars

DBT = Path(sys.executable).parent / "dbt"


def copy_project(target: Path) -> Path:
    """The dbt project's files in `target`, to edit seeds without touching the real project."""
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(PROJECT_DIR / name, target / name)
    for name in ("models", "macros", "seeds"):
        shutil.copytree(PROJECT_DIR / name, target / name)
    return target


@dataclass(frozen=True)
class DbtCommand:
    """One dbt command line and the environment it runs in (see dbt_command)."""

    args: list[str]
    env: dict[str, str]
    cwd: Path


def dbt_command(
    *args: str,
    warehouse: Path,
    raw: Path,
    as_of: str,
    project: Path = PROJECT_DIR,
    env: dict[str, str] | None = None,
    artifacts: Path | None = None,
) -> DbtCommand:
    """dbt on `warehouse`; its parse state, compiled SQL and run results go beside it unless `artifacts` is
    given (a run that is not that warehouse's build, such as a Spark build reading its raw layer)."""
    # The as-of date travels as the nightly job passes it, in the environment: dbt re-parses the whole project
    # when its vars change, and consecutive builds of one warehouse on different days then share one parse.
    variables = json.dumps(warehouse_vars(warehouse, raw))
    folder = str(artifacts or dbt_target_path(warehouse))
    target = ["--target-path", folder, "--log-path", folder]
    return DbtCommand(
        args=[*args, "--project-dir", str(project), *target, "--vars", variables],
        env={"DBT_PROFILES_DIR": str(project), AS_OF_DATE_ENV: as_of, **(env or {})},
        cwd=project,
    )


def run_dbt(*args: str, **placement: Any) -> subprocess.CompletedProcess[str]:
    """Runs `dbt_command(*args, **placement)`."""
    command = dbt_command(*args, **placement)
    return subprocess.run(
        [str(DBT), *command.args],
        capture_output=True,
        text=True,
        env={**os.environ, **command.env},
        cwd=command.cwd,
    )


def run_dbt_in_one_process(commands: list[DbtCommand]) -> subprocess.CompletedProcess[str]:
    """Runs the commands one after another in one Python process (dbtRunner), stopping at the first that
    fails: a local Spark session, its metastore and the JVM's compiled code start once for all of them."""
    spec = [{"args": command.args, "env": command.env} for command in commands]
    return subprocess.run(
        [sys.executable, str(Path(__file__).with_name("dbt_commands.py")), json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=commands[0].cwd,
    )


def run_results(warehouse: Path, artifacts: Path | None = None) -> dict:
    """What the last dbt command on `warehouse` ran (its run_results.json), compiled SQL included; from
    `artifacts` when the command wrote its artifacts there (see run_dbt)."""
    folder = artifacts or dbt_target_path(warehouse)
    return json.loads((folder / "run_results.json").read_text(encoding="utf-8"))


def compiled_sql(warehouse: Path, artifacts: Path | None = None) -> dict[str, str]:
    """The SQL each node of the last dbt command on `warehouse` ran, by node name (a model's name)."""
    return {
        result["unique_id"].split(".")[-1]: result.get("compiled_code", "")
        for result in run_results(warehouse, artifacts)["results"]
    }


def data_test_outcomes(warehouse: Path) -> dict[str, dict]:
    """The data tests the last dbt command on `warehouse` ran, by unique id (status, failures, SQL)."""
    return {
        result["unique_id"]: result
        for result in run_results(warehouse)["results"]
        if result["unique_id"].startswith("test.")
    }
