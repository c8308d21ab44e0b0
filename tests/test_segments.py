"""The segment marts on the small generated sample."""

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse, WarehouseCopier, table_checksums
from dbt_runner import copy_project, data_test_outcomes

pytestmark = pytest.mark.e2e


def test_one_row_per_person_and_duplicates_accounted_for(built_warehouse: BuiltWarehouse) -> None:
    people, merged, records = built_warehouse.query(
        "select count(*), sum(duplicate_count), (select count(*) from staging.stg_crm__contacts) "
        "from marts.dim_contacts"
    )[0]
    assert people + merged == records
    assert merged > 0
    # Every merged id is a CRM record that is not a person of its own.
    orphans = built_warehouse.query(
        """
        select count(*)
        from marts.dim_contacts, unnest(string_split(merged_contact_ids, ',')) as ids (merged_id)
        where merged_id in (select contact_id from marts.dim_contacts)
        """
    )[0][0]
    assert orphans == 0


def test_every_contact_is_in_every_single_valued_family_once(built_warehouse: BuiltWarehouse) -> None:
    rows = built_warehouse.query(
        """
        select segment_family, count(*), count(distinct contact_id)
        from marts.contact_segments
        where segment_family not in ('product', 'interest', 'interest_level', 'inactivity', 'lead_score')
        group by 1
        """
    )
    people = built_warehouse.query("select count(*) from marts.dim_contacts")[0][0]
    assert len(rows) >= 20
    assert all(count == distinct == people for _, count, distinct in rows)
    products = built_warehouse.query(
        "select count(*) from marts.contact_segments where segment_family = 'product'"
    )[0][0]
    paid = built_warehouse.query(
        "select count(distinct contact_id || product) from intermediate.int_invoices_converted "
        "where is_revenue and contact_id is not null and product is not null"
    )[0][0]
    assert products == paid > 0


def test_segments_agree_with_the_contact_dimension(built_warehouse: BuiltWarehouse) -> None:
    mismatches = built_warehouse.query(
        """
        select count(*)
        from marts.dim_contacts as contacts
        join marts.contact_segments as segments
            on contacts.contact_id = segments.contact_id and segments.segment_family = 'source_channel'
        where segments.segment <> contacts.source_channel
        """
    )[0][0]
    assert mismatches == 0
    marketing = built_warehouse.query(
        "select count(*) filter (where is_marketing_contact), "
        "count(*) filter (where not is_marketing_contact) from marts.dim_contacts"
    )[0]
    assert marketing[0] > 0 and marketing[1] > 0


def test_companies_have_fit_size_and_revenue(built_warehouse: BuiltWarehouse) -> None:
    companies, scored, customers, revenue = built_warehouse.query(
        "select count(*), count(icp_tier), count(*) filter (where is_customer), sum(revenue_total) "
        "from marts.dim_companies"
    )[0]
    assert companies == scored > 0
    assert customers > 0 and revenue > 0
    matched_by_domain = built_warehouse.query(
        "select count(*) from marts.dim_contacts where company_match_method = 'email_domain'"
    )[0][0]
    assert matched_by_domain > 0


def test_changing_a_seed_resegments_everyone_on_the_next_build(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    """Raise the top company tier's threshold to 101 points' worth: nobody stays in it."""
    copy_project(tmp_path)
    tiers = (tmp_path / "seeds" / "icp_tiers.csv").read_text()
    tiers = tiers.replace("company,A - Ideal fit,75,100", "company,A - Ideal fit,99.95,100").replace(
        "company,B - Good fit,55,75", "company,B - Good fit,55,99.95"
    )
    (tmp_path / "seeds" / "icp_tiers.csv").write_text(tiers)
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(built_warehouse.warehouse, warehouse)
    before = built_warehouse.query(
        "select count(*) filter (where icp_tier = 'A - Ideal fit' and icp_score < 99.95) "
        "from marts.dim_companies"
    )[0][0]
    assert before > 0
    result = built_warehouse.dbt(
        "build", "--select", "icp_tiers", "int_companies_icp_scored+", warehouse=warehouse, project=tmp_path
    )
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        after = connection.sql(
            "select count(*) filter (where icp_tier = 'A - Ideal fit' and icp_score < 99.95), "
            "count(*) filter (where icp_tier = 'B - Good fit' and icp_score >= 75) from marts.dim_companies"
        ).fetchall()[0]
    assert after[0] == 0
    assert after[1] >= before


def test_a_night_rewrites_the_segments_of_the_people_that_changed_only(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """One person's persona changes and another leaves dim_contacts: only the first is written again, whole,
    the second's rows go, and the result equals a full rebuild's."""
    warehouse = warehouse_copy()
    model = "intermediate.int_contact_segments_assigned"
    with duckdb.connect(str(warehouse)) as connection:
        (moved, held_rows), (gone, _) = connection.execute(
            f"select contact_id, count(*) from {model} group by contact_id order by contact_id limit 2"
        ).fetchall()
        connection.execute(
            "update marts.dim_contacts set persona = 'Night persona' where contact_id = ?", [moved]
        )
        connection.execute("delete from marts.dim_contacts where contact_id = ?", [gone])

    def build(*flags: str) -> tuple:
        result = built_warehouse.dbt(
            "run", "--select", "int_contact_segments_assigned", *flags, warehouse=warehouse
        )
        assert result.returncode == 0, result.stdout[-3000:]
        return table_checksums(warehouse, "intermediate")["int_contact_segments_assigned"]

    nightly = build()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        written = connection.execute(
            f"select contact_id, count(*) from {model}"
            f" where _built_at = (select max(_built_at) from {model}) group by contact_id"
        ).fetchall()
        personas = connection.execute(
            f"select contact_id, segment from {model}"
            " where segment_family = 'persona' and contact_id in (?, ?)",
            [moved, gone],
        ).fetchall()
        (people,) = connection.execute(f"select count(distinct contact_id) from {model}").fetchone()
    assert written == [(moved, held_rows)]
    assert personas == [(moved, "Night persona")]
    assert people == built_warehouse.query("select count(*) from marts.dim_contacts")[0][0] - 1
    assert build("--full-refresh") == nightly


def test_grain_test_of_a_model_rewritten_per_person_checks_the_latest_peoples_rows(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """unique_combination_in_latest_build with a `key`: the rows of the people the latest build wrote are
    grouped whole, whatever build wrote each; other people's rows were checked when they were written."""
    warehouse = warehouse_copy()
    model = "intermediate.int_contact_segments_assigned"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"update {model} set _built_at = (select min(_built_at) from {model})")
        (latest, person, other) = connection.execute(
            f"select min(_built_at) + interval 1 day, min(contact_id), max(contact_id) from {model}"
        ).fetchone()

    def grain_test() -> dict:
        built_warehouse.dbt(
            "test", "--select", "int_contact_segments_assigned,test_name:unique_combination_in_latest_build",
            warehouse=warehouse,
        )  # fmt: skip
        (outcome,) = data_test_outcomes(warehouse).values()
        return outcome

    def insert(contact_id: str, family: str, stamp: str) -> None:
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(
                f"insert into {model} select contact_id, segment_family, segment, {stamp} from {model}"
                f" where contact_id = ? and segment_family = '{family}'",
                [contact_id],
            )

    first = grain_test()
    assert first["status"] == "pass" and "latest_values" not in first["compiled_code"]
    # The latest build wrote a person's persona again while the held one stayed: one row twice.
    insert(person, "persona", f"cast('{latest}' as timestamp)")
    # The same among the rows of a person no later build wrote is not looked for again.
    insert(other, "country", "_built_at")
    outcome = grain_test()
    assert (outcome["status"], outcome["failures"]) == ("fail", 1)
    # The latest build's people find the rows to check, not their whole grain.
    assert "latest_values.contact_id" in outcome["compiled_code"]
    assert "latest_values.segment" not in outcome["compiled_code"]


def test_composite_grain_test_reports_every_repeated_combination(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """unique_combination fails with one row per repeated combination (on DuckDB it groups hashes first)."""
    warehouse = warehouse_copy()

    def grain_test_failures() -> int:
        built_warehouse.dbt(
            "test", "--select", "rpt_segment_health_monthly,test_name:unique_combination", warehouse=warehouse
        )
        (outcome,) = data_test_outcomes(warehouse).values()
        return outcome["failures"]

    assert grain_test_failures() == 0
    with duckdb.connect(str(warehouse)) as connection:
        # One segment-month row three times, another twice; the segments' other months stay distinct.
        for copies, order in ((2, "asc"), (1, "desc")):
            for _ in range(copies):
                connection.execute(
                    "insert into marts.rpt_segment_health_monthly"
                    " select * from marts.rpt_segment_health_monthly"
                    f" order by segment_family {order}, segment, activity_month limit 1"
                )
    assert grain_test_failures() == 2
