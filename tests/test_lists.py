"""Lists and tags on the small sample: active lists follow the data, static lists keep their first
members, membership history records every stay, and the consent guard keeps non-marketing people off
marketing lists."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse
from dbt_runner import run_dbt

from orchestration.landing import layout
from orchestration.lists import conditions_frame, definitions_frame
from orchestration.lists.definitions import parse_lists
from orchestration.lists.tag_rules import load_tag_rules

pytestmark = pytest.mark.e2e

RECENT = {"all": [{"field": "created_at", "operator": "within last days", "value": 3}]}
TEST_LISTS = {
    "lists": [
        {"name": "recent_active", "kind": "active", "filters": RECENT},
        {"name": "recent_static", "kind": "static", "refresh": "v1", "filters": RECENT},
        {
            "name": "unsubscribed_marketing",
            "kind": "active",
            "marketing": True,
            "filters": {"all": [{"field": "email_status", "operator": "=", "value": "unsubscribed"}]},
        },
    ]
}


def test_tags_and_bundled_lists_are_built(built_warehouse: BuiltWarehouse) -> None:
    origins = dict(built_warehouse.query("select origin, count(*) from marts.contact_tags group by 1"))
    assert origins.get("rule", 0) > 0 and origins.get("manual", 0) > 0
    poland = built_warehouse.query(
        """
        select
            (select count(*) from marts.contact_tags where tag = '#Poland'),
            (select count(*) from marts.dim_contacts where country = 'PL')
        """
    )[0]
    assert poland[0] == poland[1] > 0
    lists = built_warehouse.query("select list_name from marts.rpt_list_summary order by 1")
    assert [row[0] for row in lists] == sorted(
        [
            "warm_leads_poland_forms_90d",
            "customers_no_purchase_180d",
            "it_companies_top_icp",
            "webinar_invite_q4",
        ]
    )


def _write_lists(raw: Path) -> None:
    lists = parse_lists(TEST_LISTS) + load_tag_rules()
    layout.write_atomically(definitions_frame(lists), layout.derived_table(raw, "list_definitions"))
    layout.write_atomically(conditions_frame(lists), layout.derived_table(raw, "list_conditions"))


def _members(warehouse: Path, sql: str) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {row[0] for row in connection.sql(sql).fetchall()}


def test_active_and_static_lists_across_two_builds(built_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    warehouse, raw = tmp_path / "crm.duckdb", tmp_path / "raw"
    shutil.copy(built_warehouse.warehouse, warehouse)
    shutil.copytree(built_warehouse.raw, raw)
    _write_lists(raw)

    def build(as_of: str) -> None:
        result = run_dbt(
            "build", "--select", "source:lists+", "--exclude-resource-type", "unit_test",
            warehouse=warehouse, raw=raw, as_of=as_of,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-4000:]

    def created_within(as_of: dt.date) -> set[str]:
        first = as_of - dt.timedelta(days=2)
        return _members(
            warehouse,
            f"select contact_id from marts.dim_contacts"
            f" where cast(created_at as date) between '{first}' and '{as_of}'",
        )

    def current(list_name: str) -> set[str]:
        return _members(
            warehouse, f"select contact_id from marts.list_memberships where list_name = '{list_name}'"
        )

    # The sample was built as of 2026-10-31; the next builds are that day again (with these lists) and the day
    # after, as the nightly job would run them.
    build("2026-10-31")
    first = created_within(dt.date(2026, 10, 31))
    assert first and current("recent_active") == first == current("recent_static")

    build("2026-11-01")
    second = created_within(dt.date(2026, 11, 1))
    assert second != first
    assert current("recent_active") == second
    assert current("recent_static") == first  # static: the members of the day it was filled
    left = _members(
        warehouse,
        "select contact_id from marts.list_membership_history where list_name = 'recent_active'"
        " and exited_on = '2026-11-01' and exit_reason = 'no longer matches'",
    )
    joined = _members(
        warehouse,
        "select contact_id from marts.list_membership_history where list_name = 'recent_active'"
        " and entered_on = '2026-11-01'",
    )
    assert left == first - second and joined == second - first

    # The consent guard: the filter selects unsubscribed people, a marketing list may hold none of them.
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        members, selected, excluded = connection.execute(
            "select members, selected_contacts, excluded_non_marketing from marts.rpt_list_summary"
            " where list_name = 'unsubscribed_marketing'"
        ).fetchone()
    assert members == 0 and selected == excluded > 0
