import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest

from orchestration.landing.layout import landed_dates
from orchestration.sample_data import generate_sample


def read_all(landing: Path, export: str) -> pl.DataFrame:
    frames = []
    for day in landed_dates(landing):
        path = landing / day.isoformat() / f"{export}.csv"
        if path.exists():
            separator = ";" if export in ("companies", "deals") else ","
            frames.append(
                pl.read_csv(
                    path, separator=separator, infer_schema=False, truncate_ragged_lines=True
                ).with_columns(_day=pl.lit(day))
            )
    return pl.concat(frames, how="diagonal_relaxed")


def fingerprint(landing: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(landing.rglob("*.csv")):
        digest.update(path.relative_to(landing).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    small = {"contacts": 120, "days": 5, "end_date": dt.date(2026, 3, 31)}
    generate_sample(tmp_path / "a", seed=1, **small)
    generate_sample(tmp_path / "b", seed=1, **small)
    generate_sample(tmp_path / "c", seed=2, **small)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b")
    assert fingerprint(tmp_path / "a") != fingerprint(tmp_path / "c")
    assert [d.isoformat() for d in landed_dates(tmp_path / "a")] == [
        "2026-03-27",
        "2026-03-28",
        "2026-03-29",
        "2026-03-30",
        "2026-03-31",
    ]


@pytest.fixture(scope="module")
def exports(small_landing: tuple[Path, object]) -> dict[str, pl.DataFrame]:
    landing, _ = small_landing
    names = [
        "contacts",
        "companies",
        "deals",
        "invoices",
        "form_submissions",
        "web_sessions",
        "email_events",
        "tickets",
        "product_usage",
    ]
    return {name: read_all(landing, name) for name in names}


def test_records_are_internally_consistent(exports: dict[str, pl.DataFrame]) -> None:
    companies = set(exports["companies"]["company_id"].drop_nulls())
    contacts = set(exports["contacts"]["contact_id"].drop_nulls())
    linked = set(exports["contacts"]["company_id"].drop_nulls())
    assert linked <= companies
    won_companies = set(exports["deals"].filter(pl.col("stage") == "closedwon")["company_id"].drop_nulls())
    assert set(exports["invoices"]["company_id"].drop_nulls()) <= won_companies
    assert set(exports["tickets"]["company_id"].drop_nulls()) <= won_companies
    assert set(exports["product_usage"]["company_id"].drop_nulls()) <= won_companies
    assert set(exports["deals"]["contact_id"].drop_nulls()) <= contacts
    # Web visitors become contacts through forms: form emails belong to contacts, visitors have sessions.
    contact_emails = set(exports["contacts"]["email"].drop_nulls().str.strip_chars().str.to_lowercase())
    form_emails = set(exports["form_submissions"]["email"].drop_nulls().str.to_lowercase())
    assert form_emails <= contact_emails
    form_visitors = set(exports["form_submissions"]["visitor_id"].drop_nulls())
    session_visitors = set(exports["web_sessions"]["visitor_id"].drop_nulls())
    assert len(form_visitors & session_visitors) / len(form_visitors) > 0.9


def test_real_world_mess_is_present(
    exports: dict[str, pl.DataFrame], small_landing: tuple[Path, object]
) -> None:
    contacts = exports["contacts"].filter(pl.col("email").is_not_null())
    normalized = contacts["email"].str.strip_chars().str.to_lowercase()
    spellings = (
        contacts.with_columns(normalized=normalized)
        .group_by("normalized")
        .agg(pl.col("contact_id").n_unique().alias("ids"), pl.col("email").n_unique().alias("spellings"))
    )
    assert spellings.filter((pl.col("ids") > 1) & (pl.col("spellings") > 1)).height > 0
    domains = set(normalized.str.split("@").list.get(1, null_on_oob=True).drop_nulls())
    assert domains & {"wp.pl", "onet.pl", "qq.com", "163.com", "yandex.ru", "mail.ru", "gmail.com"}
    assert any(
        domain.endswith(".pl") and domain not in {"wp.pl", "onet.pl", "o2.pl", "interia.pl"}
        for domain in domains
    )
    names = " ".join(
        contacts["first_name"].drop_nulls().to_list() + contacts["last_name"].drop_nulls().to_list()
    )
    assert any(ch in names for ch in "ąćęłńóśźżŁŚŻ")  # Polish
    assert any(ch in names for ch in "àèéíòóúïüçÀÈÍÒÚ")  # Catalan
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # Chinese
    assert any("\u0400" <= ch <= "\u04ff" for ch in names)  # Russian
    assert exports["invoices"]["currency"].n_unique() >= 4
    mediums = set(exports["web_sessions"]["utm_medium"].drop_nulls())
    assert {"cpc", "CPC", "ppc", "email", "e-mail"} & mediums and len(mediums) >= 10
    _, summary = small_landing
    assert sum(summary.broken_rows.values()) > 0
