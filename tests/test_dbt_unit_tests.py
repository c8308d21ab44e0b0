"""The dbt unit tests (hand-computed expectations for every rule family), run against the built sample."""

import re

import pytest
from conftest import BuiltWarehouse
from dbt_runner import run_dbt

pytestmark = pytest.mark.e2e


def test_every_dbt_unit_test_passes(built_warehouse: BuiltWarehouse) -> None:
    result = run_dbt(
        "test",
        "--select",
        "test_type:unit",
        warehouse=built_warehouse.warehouse,
        raw=built_warehouse.raw,
        as_of="2026-10-31",
    )
    assert result.returncode == 0, result.stdout[-5000:]
    passed = re.search(r"PASS=(\d+)", result.stdout)
    assert passed and int(passed.group(1)) >= 25
