"""The benchmark's stages; each runs in its own process (see bench/run.py)."""

import datetime as dt
import time
from pathlib import Path

import duckdb

from bench.dbt_timeline import summary, timeline
from orchestration.paths import dbt_target_path


def generate(landing: str, contacts: int, days: int) -> dict:
    from orchestration.sample_data import generate_sample

    summary = generate_sample(Path(landing), contacts=contacts, days=days)
    return {
        "rows": sum(summary.rows.values()),
        "last_date": summary.last_date.isoformat(),
        "second_last": (summary.last_date - dt.timedelta(days=1)).isoformat(),
    }


def _stage_of(step_key: str) -> str:
    if step_key.startswith("raw__clv") or step_key == "customer_clv":
        return "clv"
    if step_key.startswith("raw__list") or step_key == "list_definitions":
        return "lists"
    if step_key.startswith("raw__"):
        return "ingest"
    if step_key.startswith("crm_dbt"):
        return "dbt"
    if "report" in step_key:
        return "report"
    if "serving" in step_key:
        return "publish"
    return step_key


def build(landing: str, warehouse: str, date: str | None, as_of: str) -> dict:
    """The nightly job over every landed day up to `as_of` (full build) or over one day (`date`)."""
    import shutil
    import tempfile

    from orchestration import runner

    landing_dir = Path(landing)
    if date is None:
        # The full build sees the days up to as_of: the last day is the next night's drop.
        staged = Path(tempfile.mkdtemp(prefix="bench-landing-"))
        for folder in sorted(landing_dir.iterdir()):
            if folder.name <= as_of:
                (staged / folder.name).symlink_to(folder.resolve())
        landing_dir = staged
    started = time.monotonic()
    started_utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with (Path(warehouse).parent.parent / "bench-run.log").open("a") as log:
        Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
        report = runner.run_nightly(
            landing_dir, Path(warehouse), dt.date.fromisoformat(date) if date else None,
            dt.date.fromisoformat(as_of), log=log,
        )  # fmt: skip
    if date is None:
        shutil.rmtree(landing_dir, ignore_errors=True)
    if not report.success:
        raise SystemExit(f"build failed: {report.errors}")
    stages: dict[str, float] = {}
    for step_key, seconds in report.step_seconds.items():
        stage = _stage_of(step_key)
        stages[stage] = round(stages.get(stage, 0.0) + seconds, 2)
    return {
        "seconds": round(time.monotonic() - started, 2),
        "rows_in": int(report.loads["rows_in"].sum()) if report.loads.height else 0,
        "stages": stages,
        "models_built": report.models_built,
        "checks_passed": report.checks_passed,
        "dbt_model_seconds": round(sum(report.model_seconds.values()), 2),
        "dbt_test_seconds": round(sum(report.check_seconds.values()), 2),
        "slowest_dbt_nodes": _slowest({**report.model_seconds, **report.check_seconds}),
        "dbt_timeline": summary(timeline(dbt_target_path(Path(warehouse)), since=started_utc)),
    }


def _slowest(seconds: dict[str, float], count: int = 12) -> list[tuple[str, float]]:
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)[:count]
    return [(name, round(value, 2)) for name, value in ranked]


def floor(raw: str) -> dict:
    """One scan of the raw email events and page views, aggregated per person (counts by type, last time):
    what the engine needs at least to touch every event once."""
    started = time.monotonic()
    # No progress bar: it shares stdout with the result line the parent process reads.
    with duckdb.connect() as connection:
        connection.execute("set enable_progress_bar = false")
        groups, scanned = connection.execute(
            f"""
            select count(*), sum(events) from (
                select person, count(*) as events, count(case when kind = 'click' then 1 end) as clicks,
                    count(case when kind = 'open' then 1 end) as opens,
                    count(case when kind = 'view' then 1 end) as views, max(happened_at) as last_event
                from (
                    select contact_id as person, event_type as kind, occurred_at as happened_at
                    from read_parquet('{raw}/email_events/*/*.parquet')
                    union all
                    select visitor_id, 'view', viewed_at from read_parquet('{raw}/page_views/*/*.parquet')
                ) as events
                group by person
            )
            """
        ).fetchone()
    return {"seconds": round(time.monotonic() - started, 2), "rows": int(scanned), "groups": int(groups)}
