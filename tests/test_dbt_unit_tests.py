"""The dbt unit tests (hand-computed expectations for every rule family), run against the built sample."""

import re

import pytest
from conftest import BuiltWarehouse

pytestmark = pytest.mark.e2e


def test_every_dbt_unit_test_passes(built_warehouse: BuiltWarehouse) -> None:
    result = built_warehouse.dbt("test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-5000:]
    passed = re.search(r"PASS=(\d+)", result.stdout)
    assert passed and int(passed.group(1)) >= 25
