"""Code style is part of the suite: ruff for Python, sqlfluff (dbt templater, duckdb dialect) for SQL."""

import os
import subprocess
import sys
from pathlib import Path

from orchestration.paths import PROJECT_DIR

BIN = Path(sys.executable).parent


def test_python_is_ruff_clean() -> None:
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [str(BIN / "ruff"), *command], cwd=PROJECT_DIR, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_sql_is_sqlfluff_clean(tmp_path: Path) -> None:
    # The templater parses the project as dbt does; its artifacts go to this test's folder, not to target/.
    env = {
        **os.environ,
        "CRM_WAREHOUSE_PATH": str(tmp_path / "lint.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
    }
    folders = [
        name for name in ("models", "analyses", "macros", "tests/dbt") if (PROJECT_DIR / name).is_dir()
    ]
    result = subprocess.run(
        [str(BIN / "sqlfluff"), "lint", *folders, "--disable-progress-bar", "--processes", "2"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-5000:]
