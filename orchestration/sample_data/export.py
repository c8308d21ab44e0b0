"""Writing a day's drop: CSV conventions differ per source system, and a few rows arrive broken."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from orchestration.sample_data.timeline import rng_for

STREAM_MESS = 50


@dataclass(frozen=True)
class CsvStyle:
    """How one source system writes its export files."""

    columns: tuple[str, ...]
    timestamp_columns: tuple[str, ...] = ()
    date_columns: tuple[str, ...] = ()
    delimiter: str = ","
    bom: bool = False
    timestamp_format: str = "%Y-%m-%d %H:%M:%S"
    decimal_comma: tuple[str, ...] = ()
    boolean_words: tuple[str, str] = ("true", "false")
    # Which columns a broken row may corrupt: (column, bad value).
    corruptions: tuple[tuple[str, str], ...] = field(default=())


STYLES: dict[str, CsvStyle] = {
    "contacts": CsvStyle(
        columns=(
            "contact_id",
            "email",
            "first_name",
            "last_name",
            "job_title",
            "phone",
            "company_id",
            "company_name",
            "country",
            "city",
            "lifecycle_stage",
            "lead_status",
            "owner_id",
            "created_via",
            "marketing_opt_out",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "original_source",
            "first_page_seen",
            "tags",
            "created_at",
            "updated_at",
        ),
        timestamp_columns=("created_at", "updated_at"),
        bom=True,
        timestamp_format="%Y-%m-%dT%H:%M:%SZ",
        corruptions=(("created_at", "31/02/2026"), ("contact_id", ""), ("created_via", "fax")),
    ),
    "companies": CsvStyle(
        columns=(
            "company_id",
            "name",
            "domain",
            "industry",
            "employee_count",
            "annual_revenue",
            "currency",
            "country",
            "city",
            "owner_id",
            "created_at",
            "updated_at",
            "crm_in_use",
            "sales_team_size",
            "uses_marketing_automation",
        ),
        timestamp_columns=("created_at", "updated_at"),
        delimiter=";",
        decimal_comma=("annual_revenue",),
        corruptions=(("employee_count", "about 50"), ("updated_at", "")),
    ),
    "deals": CsvStyle(
        columns=(
            "deal_id",
            "company_id",
            "contact_id",
            "pipeline",
            "stage",
            "amount",
            "currency",
            "product",
            "owner_id",
            "created_at",
            "close_date",
            "is_closed",
            "is_won",
            "updated_at",
        ),
        timestamp_columns=("created_at", "updated_at"),
        date_columns=("close_date",),
        delimiter=";",
        timestamp_format="%d.%m.%Y %H:%M",
        decimal_comma=("amount",),
        boolean_words=("1", "0"),
        corruptions=(("amount", "N/A"), ("is_won", "maybe")),
    ),
    "owners": CsvStyle(columns=("owner_id", "name", "email", "team"), corruptions=(("owner_id", ""),)),
    "activities": CsvStyle(
        columns=("activity_id", "type", "contact_id", "company_id", "owner_id", "occurred_at"),
        timestamp_columns=("occurred_at",),
        corruptions=(("type", "lunch"),),
    ),
    "email_events": CsvStyle(
        columns=(
            "event_id",
            "campaign_id",
            "campaign_name",
            "email",
            "contact_id",
            "event_type",
            "bounce_type",
            "url",
            "occurred_at",
        ),
        timestamp_columns=("occurred_at",),
        timestamp_format="%Y-%m-%dT%H:%M:%S.000Z",
        corruptions=(("event_type", "opened"), ("occurred_at", "not a date")),
    ),
    "web_sessions": CsvStyle(
        columns=(
            "session_id",
            "visitor_id",
            "contact_id",
            "started_at",
            "landing_page_url",
            "referrer_url",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
        ),
        timestamp_columns=("started_at",),
        corruptions=(("session_id", ""),),
    ),
    "page_views": CsvStyle(
        columns=("session_id", "visitor_id", "url", "viewed_at"),
        timestamp_columns=("viewed_at",),
        corruptions=(("viewed_at", "2026-13-45 25:61:00"),),
    ),
    "form_submissions": CsvStyle(
        columns=(
            "submission_id",
            "form_id",
            "form_name",
            "form_type",
            "email",
            "visitor_id",
            "page_url",
            "submitted_at",
        ),
        timestamp_columns=("submitted_at",),
        corruptions=(("form_type", "quiz"),),
    ),
    "invoices": CsvStyle(
        columns=(
            "invoice_id",
            "company_id",
            "contact_id",
            "product",
            "amount",
            "currency",
            "issued_at",
            "due_at",
            "paid_at",
            "status",
        ),
        timestamp_columns=("issued_at", "due_at", "paid_at"),
        corruptions=(("amount", "12.3.4"), ("status", "paid?")),
    ),
    "tickets": CsvStyle(
        columns=(
            "ticket_id",
            "contact_id",
            "company_id",
            "category",
            "priority",
            "status",
            "created_at",
            "resolved_at",
        ),
        timestamp_columns=("created_at", "resolved_at"),
        corruptions=(("created_at", "yesterday"),),
    ),
    "product_usage": CsvStyle(
        columns=("company_id", "usage_date", "active_users", "events"),
        date_columns=("usage_date",),
        corruptions=(("active_users", "-"),),
    ),
}


def _as_text(frame: pl.DataFrame, style: CsvStyle) -> pl.DataFrame:
    """Every column as the source system would print it."""
    true, false = style.boolean_words
    expressions = []
    for name in style.columns:
        column = pl.col(name)
        dtype = frame.schema[name]
        if name in style.timestamp_columns:
            text = pl.from_epoch(column, time_unit="s").dt.strftime(style.timestamp_format)
        elif name in style.date_columns:
            text = pl.from_epoch(column, time_unit="s").dt.strftime("%Y-%m-%d")
        elif dtype == pl.Boolean:
            text = pl.when(column).then(pl.lit(true)).otherwise(pl.lit(false))
        elif name in style.decimal_comma:
            text = column.round(2).cast(pl.String).str.replace(".", ",", literal=True)
        else:
            text = column.cast(pl.String)
        expressions.append(text.alias(name))
    return frame.select(expressions)


def write_export(
    frame: pl.DataFrame, name: str, folder: Path, seed: int, day: int, messy: bool = True
) -> tuple[int, int]:
    """Write one export file; returns (rows written, rows deliberately broken)."""
    style = STYLES[name]
    text_frame = _as_text(frame, style)
    rng = rng_for(seed, STREAM_MESS, day, list(STYLES).index(name))
    broken = 0
    structural_row = None
    if messy and text_frame.height >= 20 and rng.random() < 0.15:
        value_row, structural_row = rng.choice(text_frame.height, size=2, replace=False).tolist()
        column, bad_value = style.corruptions[int(rng.integers(0, len(style.corruptions)))]
        text_frame = text_frame.with_columns(
            pl.when(pl.int_range(pl.len()) == value_row)
            .then(pl.lit(bad_value))
            .otherwise(pl.col(column))
            .alias(column)
        )
        broken = 1
        if rng.random() < 0.5:
            structural_row = None
    lines = text_frame.write_csv(separator=style.delimiter, quote_style="necessary").split("\n")
    if structural_row is not None:
        # An unquoted delimiter inside a value splits the row into one field too many.
        lines[structural_row + 1] += style.delimiter + "Smith & Co"
        broken += 1
    if messy and text_frame.height >= 20 and rng.random() < 0.1:
        repeated = int(rng.integers(1, text_frame.height + 1))
        lines.insert(repeated, lines[repeated])
    folder.mkdir(parents=True, exist_ok=True)
    content = "\n".join(lines)
    (folder / f"{name}.csv").write_bytes((b"\xef\xbb\xbf" if style.bom else b"") + content.encode("utf-8"))
    return text_frame.height, broken


def late_days(seed: int, name: str, days: np.ndarray, last_day: int, share: float = 0.005) -> np.ndarray:
    """Export days after a few events are delayed by one to three drops (late-arriving data)."""
    rng = rng_for(seed, STREAM_MESS, 10_000, list(STYLES).index(name))
    delay = np.where(rng.random(len(days)) < share, rng.integers(1, 4, len(days)), 0)
    return np.minimum(days + delay, last_day).astype(np.int32)
