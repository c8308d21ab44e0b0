"""Deterministic sample exports for every file of the landing contract, at any scale.

The simulated business: a CRM vendor selling to companies in Poland, Spain (Catalonia), the UK, the US,
Germany, China and Russia. Visitors arrive through many channels, convert through forms, receive email
campaigns, get worked by sales reps, buy subscriptions, pay (or not), raise tickets and use the product.
The first day's drop is a full snapshot (with two years of CRM and billing history); later drops hold
the rows changed that day and that day's events, a few of them late, broken or duplicated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from orchestration.sample_data import email, export, history, journeys, people, sales
from orchestration.sample_data.timeline import DAY, Timeline

DEFAULT_CONTACTS = 3000
DEFAULT_DAYS = 90
DEFAULT_END_DATE = dt.date(2026, 10, 31)
DEFAULT_SEED = 42


@dataclass(frozen=True)
class GenerationSummary:
    landing_dir: Path
    first_date: dt.date
    last_date: dt.date
    rows: dict[str, int]
    broken_rows: dict[str, int]


def _by_export_day(frame: pl.DataFrame, day_column: str = "_day") -> dict[int, pl.DataFrame]:
    if frame.is_empty():
        return {}
    return {key[0]: part for key, part in frame.partition_by(day_column, as_dict=True).items()}  # type: ignore[misc]


def _latest_per_day(versions: pl.DataFrame, key: str, changed_at: str, timeline: Timeline) -> pl.DataFrame:
    """What each daily drop carries of a versioned record: its state at the end of that day."""
    return (
        versions.with_columns(_day=pl.Series(timeline.export_day(versions[changed_at].to_numpy())))
        .sort(changed_at, maintain_order=True)
        .unique(subset=[key, "_day"], keep="last", maintain_order=True)
    )


def _events_per_day(frame: pl.DataFrame, name: str, at: str, seed: int, timeline: Timeline) -> pl.DataFrame:
    days = timeline.export_day(frame[at].to_numpy())
    return frame.with_columns(_day=pl.Series(export.late_days(seed, name, days, timeline.days - 1)))


def generate_sample(
    landing_dir: Path,
    contacts: int = DEFAULT_CONTACTS,
    days: int = DEFAULT_DAYS,
    end_date: dt.date = DEFAULT_END_DATE,
    seed: int = DEFAULT_SEED,
) -> GenerationSummary:
    """Write `landing_dir/<YYYY-MM-DD>/<export>.csv` for `days` days ending on `end_date`."""
    timeline = Timeline(end_date=end_date, days=days)
    owners = people.build_owners(seed, int(np.clip(contacts // 250, 6, 400)), timeline)
    owner_ids = owners["owner_id"].to_numpy()
    companies = people.build_companies(seed, max(30, contacts // 6), owner_ids, timeline)
    persons = people.build_contacts(seed, contacts, companies, owner_ids, timeline)
    all_contacts = pl.concat(
        [persons, people.build_duplicates(seed, persons, 0.02, timeline)], how="vertical_relaxed"
    )

    sessions = journeys.build_sessions(seed, all_contacts, int(contacts * 0.8), timeline)
    submissions, form_sessions = journeys.build_form_submissions(seed, all_contacts, timeline)
    sessions = (
        pl.concat([sessions, form_sessions], how="diagonal_relaxed") if form_sessions.height else sessions
    )
    page_views = journeys.build_page_views(seed, sessions)

    deals = sales.build_deals(seed, all_contacts, companies, timeline)
    won = sales.won_deals(deals)
    invoices = sales.build_invoices(seed, won, timeline)
    customers = sales.customer_periods(won, invoices)
    troubled = set(invoices.filter(pl.col("status").is_in(["failed", "overdue"]))["company_id"].to_list())
    tickets = sales.build_tickets(seed, customers, companies, troubled, timeline)
    usage = sales.build_usage(seed, customers, timeline)
    activities = sales.build_activities(seed, all_contacts, deals, timeline)

    contact_history = history.contact_versions(seed, all_contacts, sessions, submissions, deals, timeline)
    company_history = history.company_versions(seed, companies, timeline)

    daily: dict[str, dict[int, pl.DataFrame]] = {
        "owners": _by_export_day(_latest_per_day(owners, "owner_id", "_changed_at", timeline)),
        "companies": _by_export_day(_latest_per_day(company_history, "company_id", "updated_at", timeline)),
        "contacts": _by_export_day(_latest_per_day(contact_history, "contact_id", "updated_at", timeline)),
        "deals": _by_export_day(
            _latest_per_day(
                deals.with_columns(updated_at=pl.col("_changed_at")), "deal_id", "updated_at", timeline
            )
        ),
        "invoices": _by_export_day(_latest_per_day(invoices, "invoice_id", "_changed_at", timeline)),
        "tickets": _by_export_day(_latest_per_day(tickets, "ticket_id", "_changed_at", timeline)),
        "activities": _by_export_day(
            _events_per_day(activities, "activities", "occurred_at", seed, timeline)
        ),
        "form_submissions": _by_export_day(
            _events_per_day(submissions, "form_submissions", "submitted_at", seed, timeline)
        ),
        "web_sessions": _by_export_day(
            _events_per_day(sessions, "web_sessions", "started_at", seed, timeline)
        ),
        "page_views": _by_export_day(_events_per_day(page_views, "page_views", "viewed_at", seed, timeline)),
        "product_usage": _by_export_day(
            usage.with_columns(usage_date=timeline.start + pl.col("_day").cast(pl.Int64) * DAY)
        ),
    }

    audience = email.Audience.from_contacts(seed, all_contacts)
    rows: Counter[str] = Counter()
    broken: Counter[str] = Counter()
    late_email: dict[int, list[pl.DataFrame]] = {}
    for day in range(days):
        email_events, click_sessions, click_views = email.send_day(seed, day, audience, timeline)
        extra: dict[str, list[pl.DataFrame]] = {"email_events": late_email.pop(day, [])}
        if email_events is not None:
            delayed = _events_per_day(email_events, "email_events", "occurred_at", seed + day, timeline)
            extra["email_events"].append(delayed.filter(pl.col("_day") == day))
            for later_day, part in _by_export_day(delayed.filter(pl.col("_day") > day)).items():
                late_email.setdefault(later_day, []).append(part)
        if click_sessions is not None:
            extra["web_sessions"] = [click_sessions]
        if click_views is not None:
            extra["page_views"] = [click_views]
        folder = landing_dir / timeline.date_of_day(day).isoformat()
        for name in export.STYLES:
            parts = [
                frame for frame in [daily.get(name, {}).get(day), *extra.get(name, [])] if frame is not None
            ]
            if not parts:
                continue
            frame = pl.concat(parts, how="diagonal_relaxed")
            written, damaged = export.write_export(frame, name, folder, seed, day)
            rows[name] += written
            broken[name] += damaged
    return GenerationSummary(
        landing_dir=landing_dir,
        first_date=timeline.start_date,
        last_date=timeline.end_date,
        rows=dict(rows),
        broken_rows=dict(broken),
    )
