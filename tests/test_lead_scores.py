"""Lead score history, the contacts, the event models and the email summaries built night by night equal the
ones built in one go."""

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltWarehouse, WarehouseCopier, query, table_checksums
from dbt_runner import compiled_sql, data_test_outcomes, run_dbt

pytestmark = pytest.mark.e2e

# Incremental by export day (macros/incremental_exports.sql).
EXPORT_DAY_STAGING_MODELS = (
    "stg_crm__contacts",
    "stg_marketing__email_events",
    "stg_marketing__page_views",
    "stg_marketing__web_sessions",
    "stg_marketing__form_submissions",
    "stg_crm__activities",
    "stg_product__usage_days",
)
# Incremental by changed export day against their upstream model (macros/incremental_days.sql).
EVENT_INTERMEDIATE_MODELS = (
    "int_email_events_attributed",
    "int_page_views_attributed",
    "int_web_sessions_sourced",
    "int_form_submissions_attributed",
)
# Incremental by the stamps of the event models they derive from (macros/incremental_restamped.sql).
RESTAMPED_MODELS = ("int_lead_score_events", "int_interest_actions")
# Stamped itself, by the stamps of the sessions it attributes and the inputs it held (see above).
ATTRIBUTED_SESSIONS_MODEL = "int_web_sessions_attributed"
RESTAMPED_SINCE = "_built_at > cast('"
# Incremental per person or campaign (macros/incremental_summaries.sql).
CAMPAIGNS = "int_email_campaigns_summarized"
EMAIL_SUMMARY_MODELS = ("int_contacts_email_summarized", CAMPAIGNS)
SUMMARY_MODELS = (
    *EMAIL_SUMMARY_MODELS,
    "int_contacts_sessions_summarized",
    "int_interest_actions_summarized",
)
# A summary groups every event per key to compare counts only when a key may have lost one.
COUNTS_COMPARED = "event_counts as ("
# Partial sums per stamp of the attributed email events (macros/stamp_partials.sql).
STAMP_PARTIALS_MODEL = "int_contact_months_emailed"
# A night derives the stamps whose row count upstream changed, named as literals.
STAMPS_DERIVED_AGAIN = "and _built_at in (cast('"
# The held-rows filters of int_email_events_attributed and int_web_sessions_sourced (macros/held_inputs.sql):
# nothing moved (1 = 0), or key columns tested against the moved keys as an inline table.
MOVED_KEYS = "in (select moved_key from (values ('"
HELD_EVENTS_OF_MOVED_IDENTITIES = (
    rf"where not \(.*\) and \((1 = 0|(synced_contact_id|email) {re.escape(MOVED_KEYS)}.*)\)\n"
)
HELD_SESSIONS_OF_MOVED_INPUTS = (
    rf"where not \(.*\) and \((1 = 0|(crm_contact_id|visitor_id) {re.escape(MOVED_KEYS)}.*)\)\n"
)
# int_web_sessions_attributed derives again the held sessions whose traffic source or entry page moved.
HELD_SESSIONS_OF_MOVED_ATTRIBUTION = rf"\((1 = 0|.* {re.escape(MOVED_KEYS)}.*)\)\s+and session_id not in"
# Identities that moved although no email event carries them (see tamper_with_attributed_events).
UNCARRIED_KEYS = ("no-such-contact", "no-such@example.com")
HISTORY_COLUMNS = (
    "contact_id, valid_from, valid_to, score, score_change, reason, anchor_date, round(anchor_score, 6)"
)


def history(warehouse: Path) -> list[tuple]:
    return query(
        warehouse,
        f"select {HISTORY_COLUMNS} from intermediate.int_lead_scores_historized"
        " order by contact_id, valid_from",
    )


def attributed_event_ids(warehouse: Path, condition: str) -> list[tuple]:
    return query(
        warehouse, f"select event_id from intermediate.int_email_events_attributed where {condition}"
    )


def build(
    warehouse: Path, raw: Path, as_of: dt.date, *flags: str, select: tuple[str, ...] = ()
) -> dict[str, str]:
    """Builds up to the lead score history and the email summaries (or `select`); returns the SQL each
    event model and summary ran."""
    result = run_dbt(
        "run",
        "--select",
        *(
            select
            or (
                "+int_lead_scores_historized",
                "+int_interest_actions",
                "stg_product__usage_days",
                *SUMMARY_MODELS,
                STAMP_PARTIALS_MODEL,
            )
        ),
        *flags,
        warehouse=warehouse,
        raw=raw,
        as_of=as_of.isoformat(),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return compiled_sql(warehouse)


def email_summaries(warehouse: Path) -> list[tuple]:
    """(person, event count) of every email summary."""
    return query(warehouse, "select contact_id, event_count from intermediate.int_contacts_email_summarized")


def emailed_contact_months(warehouse: Path) -> list[tuple]:
    """The partials of int_contact_months_emailed summed over their stamps (which differ between builds)."""
    return query(
        warehouse,
        "select contact_id, activity_month, sum(counted_rows), sum(email_deliveries), sum(email_clicks)"
        f" from intermediate.{STAMP_PARTIALS_MODEL} group by contact_id, activity_month"
        " order by contact_id, activity_month",
    )


def counted_contact_months(warehouse: Path) -> list[tuple]:
    """What the partials should sum to, counted from the attributed email events as they are now."""
    return query(
        warehouse,
        "select contact_id, cast(date_trunc('month', occurred_at) as date) as activity_month, count(*),"
        " count(*) filter (event_type = 'delivered'), count(*) filter (event_type = 'click')"
        " from intermediate.int_email_events_attributed"
        " where contact_id is not null and event_type in ('delivered', 'click')"
        " group by all order by contact_id, activity_month",
    )


def summaries_written_by_latest_build(warehouse: Path) -> int:
    return query(
        warehouse,
        "select count(*) from intermediate.int_contacts_email_summarized"
        " where _built_at = (select max(_built_at) from intermediate.int_contacts_email_summarized)",
    )[0][0]


def keys_missing_from_held_keys(warehouse: Path) -> list[tuple]:
    """Keys the attributed email events carry that the model's held keys copy lacks (it must have all)."""
    return query(
        warehouse,
        "select 'crm_contact_id', synced_contact_id from intermediate.int_email_events_attributed"
        " where synced_contact_id is not null"
        " union select 'email', email from intermediate.int_email_events_attributed where email is not null"
        " except select key_kind, key from intermediate.int_email_events_attributed__held_keys",
    )


def tamper_with_attributed_events(warehouse: Path) -> dt.date:
    """Moves five held email events of the latest export day to a person 'nobody', as if identity resolution
    had given their synced CRM ids and emails to 'nobody' at the last build (the model's held copy of the
    identities says so); does the same to the stitched sessions of three visitors; gives the form fills of two
    visitors to 'nobody' and five page views a content group no rule gives (these two models derive every held
    row again), and the sessions of one traffic source a channel no rule gives (held input included); and
    drops three email rows of the earliest export day. Returns that day."""
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update intermediate.int_page_views_attributed set content_group = 'nothing'"
            " where page_view_id in (select page_view_id from intermediate.int_page_views_attributed"
            " order by page_view_id limit 5)"
        )
        # From the latest export day: only re-attribution, not re-reading the damaged day, repairs them.
        connection.execute(
            "create temp table damaged as select event_id, synced_contact_id, email"
            " from intermediate.int_email_events_attributed"
            " where contact_id is not null"
            " and _export_date = (select max(_export_date) from intermediate.int_email_events_attributed)"
            " order by event_id limit 5"
        )
        connection.execute(
            "update intermediate.int_email_events_attributed set contact_id = 'nobody'"
            " where event_id in (select event_id from damaged)"
        )
        connection.execute(
            "update intermediate.int_email_events_attributed__identities set value = 'nobody'"
            " where (key_kind = 'crm_contact_id' and key in (select synced_contact_id from damaged))"
            " or (key_kind = 'email' and key in (select email from damaged))"
        )
        # Two identities no held event carries moved too: no held row need be read for them.
        connection.execute(
            "insert into intermediate.int_email_events_attributed__identities values"
            f" ('crm_contact_id', '{UNCARRIED_KEYS[0]}', 'nobody'),"
            f" ('email', '{UNCARRIED_KEYS[1]}', 'nobody')"
        )
        # Likewise three stitched sessions of the latest day, as if their visitors had been someone else's.
        connection.execute(
            "create temp table damaged_visitors as select visitor_id"
            " from intermediate.int_web_sessions_sourced where contact_link = 'visitor_stitching'"
            " and _export_date = (select max(_export_date) from intermediate.int_web_sessions_sourced)"
            " order by session_id limit 3"
        )
        connection.execute(
            "update intermediate.int_web_sessions_sourced set contact_id = 'nobody'"
            " where contact_link = 'visitor_stitching'"
            " and visitor_id in (select visitor_id from damaged_visitors)"
        )
        connection.execute(
            "update intermediate.int_web_sessions_sourced__inputs set value = 'nobody'"
            " where key_kind = 'visitor_id' and key in (select visitor_id from damaged_visitors)"
        )
        # And the form fills of two stitched visitors.
        connection.execute(
            "create temp table damaged_form_visitors as select distinct visitor_id"
            " from intermediate.int_form_submissions_attributed where contact_link = 'visitor_stitching'"
            " order by visitor_id limit 2"
        )
        assert connection.sql("select count(*) from damaged_form_visitors").fetchall() == [(2,)]
        connection.execute(
            "update intermediate.int_form_submissions_attributed set contact_id = 'nobody'"
            " where contact_link = 'visitor_stitching'"
            " and visitor_id in (select visitor_id from damaged_form_visitors)"
        )
        # And the sessions of one traffic source, as if its channel rule had said 'nothing' at the last build.
        connection.execute(
            "create temp table damaged_source as select source || '|' || medium || '|' || campaign as key"
            " from intermediate.int_web_sessions_attributed where contact_id is not null"
            " order by session_id limit 1"
        )
        connection.execute(
            "update intermediate.int_web_sessions_attributed set channel = 'nothing'"
            " where source || '|' || medium || '|' || campaign in (select key from damaged_source)"
        )
        connection.execute(
            "update intermediate.int_web_sessions_attributed__inputs set value = 'nothing'"
            " where key_kind = 'traffic_source' and key in (select key from damaged_source)"
        )
        day = connection.sql(
            "select min(_export_date) from intermediate.int_email_events_attributed"
        ).fetchall()[0][0]
        connection.execute(
            "delete from intermediate.int_email_events_attributed where event_id in (select event_id from"
            " intermediate.int_email_events_attributed where _export_date = ? order by event_id limit 3)",
            [day],
        )
    return day


def plant_orphans(warehouse: Path, replayed_day: dt.date) -> None:
    """Scoring events and interest actions of email events that no longer exist: of a day read again whole,
    and of a day that upstream no longer holds. A build that followed only the stamps of the events it holds
    would keep them."""
    with duckdb.connect(str(warehouse)) as connection:
        for event_id, day in (
            ("gone-from-replayed-day", replayed_day),
            ("gone-with-its-day", dt.date(1999, 1, 1)),
        ):
            connection.execute(
                "insert into intermediate.int_lead_score_events by name select * replace ("
                " ? as source_event_id, 'email_event:' || ? || ':' || rule as scoring_event_id,"
                " ? as _export_date) from intermediate.int_lead_score_events"
                " where event_source = 'email_event' limit 1",
                [event_id, event_id, day],
            )
            connection.execute(
                "insert into intermediate.int_interest_actions by name select * replace ("
                " ? as source_event_id, 'click:' || ? as action_id, ? as _export_date)"
                " from intermediate.int_interest_actions where action_type = 'email_click' limit 1",
                [event_id, event_id, day],
            )


def test_nightly_increments_equal_a_full_refresh(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    days = built_warehouse.report.dates
    nightly, full = warehouse_copy(), warehouse_copy("full")

    build(nightly, built_warehouse.raw, days[-3], "--full-refresh")
    rows_before = len(history(nightly))
    for day in days[-2:]:
        nightly_sql = build(nightly, built_warehouse.raw, day)
        # A night reads only its own export day from the raw events, and downstream from staging.
        for model in (*EXPORT_DAY_STAGING_MODELS, *EVENT_INTERMEDIATE_MODELS):
            assert f"_export_date in (cast('{day}' as date))" in nightly_sql[model], model
        # Held email events are read again only for identities that moved (a list), or not at all.
        assert re.search(HELD_EVENTS_OF_MOVED_IDENTITIES, nightly_sql["int_email_events_attributed"])
        assert re.search(HELD_SESSIONS_OF_MOVED_INPUTS, nightly_sql["int_web_sessions_sourced"])
        assert RESTAMPED_SINCE in nightly_sql[ATTRIBUTED_SESSIONS_MODEL]
        assert re.search(HELD_SESSIONS_OF_MOVED_ATTRIBUTION, nightly_sql[ATTRIBUTED_SESSIONS_MODEL])
        # Scoring events and interest actions are derived again only for the events written that night.
        assert all(RESTAMPED_SINCE in nightly_sql[model] for model in RESTAMPED_MODELS)
        # People are summarized again only if their events changed (here: the new day's).
        assert all("refreshed as (" in nightly_sql[model] for model in SUMMARY_MODELS)
        assert 0 < summaries_written_by_latest_build(nightly) < len(email_summaries(nightly))
        assert STAMPS_DERIVED_AGAIN in nightly_sql[STAMP_PARTIALS_MODEL]
        assert keys_missing_from_held_keys(nightly) == []
    # Nothing new landed: the event staging models read no raw row; the attributed events read from staging
    # only the day whose rows went missing, and re-attribute the events given a wrong person.
    damaged_day = tamper_with_attributed_events(nightly)
    plant_orphans(nightly, damaged_day)
    # The email summaries and partials take in the damage first: events moved to 'nobody', three are gone (the
    # partials see the stamp that lost those three, and derive it again with the moved events in it).
    damage_sql = build(nightly, built_warehouse.raw, days[-1], select=(*SUMMARY_MODELS, STAMP_PARTIALS_MODEL))
    # Events left their people, so the email summaries compare every person's count with the held one.
    assert all(COUNTS_COMPARED in damage_sql[model] for model in EMAIL_SUMMARY_MODELS)
    moved = len(attributed_event_ids(nightly, "contact_id = 'nobody'"))
    assert moved > 0 and dict(email_summaries(nightly)).get("nobody") == moved
    assert emailed_contact_months(nightly) == counted_contact_months(nightly)
    rerun_sql = build(nightly, built_warehouse.raw, days[-1])
    assert all("and 1 = 0" in rerun_sql[model] for model in EXPORT_DAY_STAGING_MODELS)
    assert f"_export_date in (cast('{damaged_day}' as date))" in rerun_sql["int_email_events_attributed"]
    assert all(RESTAMPED_SINCE in rerun_sql[model] for model in RESTAMPED_MODELS)
    assert not attributed_event_ids(nightly, "contact_id = 'nobody'")
    # ... by reading again only the held rows of the identities that moved.
    held_events_read = re.search(HELD_EVENTS_OF_MOVED_IDENTITIES, rerun_sql["int_email_events_attributed"])[0]
    assert MOVED_KEYS in held_events_read
    # ... of those that held events carry.
    assert not any(key in held_events_read for key in UNCARRIED_KEYS)
    assert keys_missing_from_held_keys(nightly) == []
    with duckdb.connect(str(nightly), read_only=True) as connection:
        sessions_of_nobody = connection.sql(
            "select count(*) from intermediate.int_web_sessions_sourced where contact_id = 'nobody'"
        ).fetchall()[0][0]
    assert sessions_of_nobody == 0
    assert not query(
        nightly, "select 1 from intermediate.int_form_submissions_attributed where contact_id = 'nobody'"
    )
    assert (
        f"visitor_id {MOVED_KEYS}"
        in re.search(HELD_SESSIONS_OF_MOVED_INPUTS, rerun_sql["int_web_sessions_sourced"])[0]
    )
    assert "1 = 0" in rerun_sql["int_page_views_attributed"]
    rederived_sessions = re.search(HELD_SESSIONS_OF_MOVED_ATTRIBUTION, rerun_sql[ATTRIBUTED_SESSIONS_MODEL])
    assert f"campaign {MOVED_KEYS}" in rederived_sessions[0]
    regrouped_sessions = f"select 1 from intermediate.{ATTRIBUTED_SESSIONS_MODEL} where channel = 'nothing'"
    assert not query(nightly, regrouped_sessions)
    with duckdb.connect(str(nightly), read_only=True) as connection:
        regrouped = connection.sql(
            "select count(*) from intermediate.int_page_views_attributed where content_group = 'nothing'"
        ).fetchall()[0][0]
    assert regrouped == 0
    # The person left without events loses their summary.
    assert "nobody" not in dict(email_summaries(nightly))
    # The as-of date moves back (events after it leave their people), then forward again (they return).
    # Moving back makes the summaries that read events up to the as-of date compare counts; moving forward
    # needs no comparison (the events dated after the held as-of date name their keys).
    back_sql = build(nightly, built_warehouse.raw, days[-3], select=SUMMARY_MODELS)
    assert all(COUNTS_COMPARED in back_sql[model] for model in SUMMARY_MODELS if model != CAMPAIGNS)
    forward_sql = build(nightly, built_warehouse.raw, days[-1], select=SUMMARY_MODELS)
    assert not any(COUNTS_COMPARED in forward_sql[model] for model in SUMMARY_MODELS)
    # Nothing changed since: no summary groups every event to compare counts.
    unchanged_sql = build(nightly, built_warehouse.raw, days[-1], select=SUMMARY_MODELS)
    assert not any(COUNTS_COMPARED in unchanged_sql[model] for model in SUMMARY_MODELS)
    build(full, built_warehouse.raw, days[-1], "--full-refresh")

    incremental_rows, full_rows = history(nightly), history(full)
    assert len(incremental_rows) > rows_before > 0
    assert incremental_rows == full_rows
    nightly_staging, full_staging = table_checksums(nightly, "staging"), table_checksums(full, "staging")
    for model in EXPORT_DAY_STAGING_MODELS:
        assert nightly_staging[model] == full_staging[model], model
    nightly_events = table_checksums(nightly, "intermediate")
    full_events = table_checksums(full, "intermediate")
    for model in (*EVENT_INTERMEDIATE_MODELS, ATTRIBUTED_SESSIONS_MODEL, *RESTAMPED_MODELS, *SUMMARY_MODELS):
        assert nightly_events[model] == full_events[model], model
    # The email partials took in the re-attributed and re-read events by the stamps that lost them.
    assert emailed_contact_months(nightly) == emailed_contact_months(full) == counted_contact_months(full)


def test_grain_test_of_an_incremental_model_checks_the_latest_build_against_every_row(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """unique_in_latest_build checks the keys the latest build wrote against every row, and only those."""
    warehouse = warehouse_copy()
    model = "staging.stg_marketing__email_events"

    def grain_test() -> dict:
        result = built_warehouse.dbt(
            "test", "--select", "test_name:unique_in_latest_build", warehouse=warehouse
        )
        outcomes = data_test_outcomes(warehouse)
        assert len(outcomes) == 17, list(outcomes)
        (outcome,) = [outcome for test, outcome in outcomes.items() if "stg_marketing__email_events" in test]
        assert (result.returncode == 0) == (outcome["status"] == "pass"), result.stdout[-3000:]
        return outcome

    # One build wrote every row: every key is grouped, as `unique` does.
    first = grain_test()
    assert first["status"] == "pass" and "latest_values" not in first["compiled_code"]
    # A later build writes one new event: its own rows pass.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            f"insert into {model} by name select * replace (event_id || '-new' as event_id,"
            " _built_at + interval 1 day as _built_at)"
            f" from {model} order by event_id limit 1"
        )
    assert grain_test()["status"] == "pass"
    # Rows earlier builds wrote were checked when they were written; a night does not group them again.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            f"insert into {model} by name select * from {model}"
            f" where _built_at < (select max(_built_at) from {model}) order by event_id limit 1"
        )
    assert grain_test()["status"] == "pass"
    # Another later build writes an event whose id an earlier build already wrote.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            f"insert into {model} by name select * replace (_built_at + interval 2 day as _built_at)"
            f" from {model} where _built_at < (select max(_built_at) from {model})"
            " order by event_id desc limit 1"
        )
    outcome = grain_test()
    assert (outcome["status"], outcome["failures"]) == ("fail", 1)
    assert "latest_values" in outcome["compiled_code"]


def test_grain_test_of_several_columns_checks_the_latest_build_against_every_row(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """unique_combination_in_latest_build does the same for a grain of two columns (action and topic)."""
    warehouse = warehouse_copy()
    model = "intermediate.int_interest_actions"
    # As if one build wrote every row, whatever stamps the sample build left: the test starts from the branch
    # that groups every row.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"update {model} set _built_at = (select min(_built_at) from {model})")

    def grain_test() -> dict:
        result = built_warehouse.dbt(
            "test", "--select", "test_name:unique_combination_in_latest_build", warehouse=warehouse
        )
        outcomes = data_test_outcomes(warehouse)
        (outcome,) = [
            outcome for test, outcome in outcomes.items() if "int_interest_actions_action_id" in test
        ]
        assert (result.returncode == 0) == all(o["status"] == "pass" for o in outcomes.values())
        return outcome

    first = grain_test()
    assert first["status"] == "pass" and "latest_values" not in first["compiled_code"]

    def insert(replace: str, where: str = "true") -> None:
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(
                f"insert into {model} by name select * {replace} from {model}"
                f" where {where} order by action_id, topic limit 1"
            )

    latest = f"(select max(_built_at) from {model})"
    # A later build writes a new action, and the same action under another topic: both are new keys.
    insert("replace (action_id || '-new' as action_id, _built_at + interval 1 day as _built_at)")
    insert(
        "replace ('no such topic' as topic, _built_at + interval 1 day as _built_at)",
        f"_built_at < {latest}",
    )
    assert grain_test()["status"] == "pass"
    # A duplicate among the rows earlier builds wrote is not looked for again.
    insert("", f"_built_at < {latest}")
    assert grain_test()["status"] == "pass"
    # The latest build writes an action and topic an earlier build wrote.
    insert(f"replace ({latest} as _built_at)", f"_built_at < {latest} and action_id not like '%-new'")
    outcome = grain_test()
    assert (outcome["status"], outcome["failures"]) == ("fail", 1)
    assert "latest_values" in outcome["compiled_code"]


def test_edited_rules_derive_every_row_again(
    built_warehouse: BuiltWarehouse, warehouse_copy: WarehouseCopier
) -> None:
    """The stamped models keep the rules they applied beside them (__rules, __topics): a build after those
    changed derives every row again, and the same rules give the same rows."""
    warehouse = warehouse_copy()
    as_of = built_warehouse.report.dates[-1]
    unchanged = build(warehouse, built_warehouse.raw, as_of, select=RESTAMPED_MODELS)
    assert all(RESTAMPED_SINCE in unchanged[model] for model in RESTAMPED_MODELS)
    before = table_checksums(warehouse, "intermediate")
    with duckdb.connect(str(warehouse)) as connection:
        for held_rules in ("int_lead_score_events__rules", "int_interest_actions__topics"):
            connection.execute(f"update intermediate.{held_rules} set value = value || '|edited'")
    edited = build(warehouse, built_warehouse.raw, as_of, select=RESTAMPED_MODELS)
    assert not any(RESTAMPED_SINCE in edited[model] for model in RESTAMPED_MODELS)
    after = table_checksums(warehouse, "intermediate")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for model in RESTAMPED_MODELS:
            assert after[model] == before[model], model
            stamps = connection.sql(f"select count(distinct _built_at) from intermediate.{model}").fetchall()
            assert stamps == [(1,)], model
