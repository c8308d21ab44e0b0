"""Owners, companies and contacts of the simulated CRM, with the latent traits that drive behaviour."""

from __future__ import annotations

import numpy as np
import polars as pl

from orchestration.sample_data import vocab
from orchestration.sample_data.timeline import (
    DAY,
    Timeline,
    opaque_ids,
    pick,
    pick_per_key,
    rng_for,
    to_frame,
    weighted_choice,
)

STREAM_OWNERS, STREAM_COMPANIES, STREAM_CONTACTS, STREAM_DUPLICATES = 1, 2, 3, 4


def _names(rng: np.random.Generator, locales: np.ndarray) -> tuple[np.ndarray, ...]:
    """(first display, first ascii, last display, last ascii) per locale."""
    n = len(locales)
    first, first_ascii, last, last_ascii = (np.empty(n, dtype=object) for _ in range(4))
    for locale in vocab.LOCALES:
        mask = locales == locale
        count = int(mask.sum())
        if not count:
            continue
        firsts = vocab.FIRST_NAMES[locale]
        lasts = vocab.LAST_NAMES[locale]
        fi = rng.integers(0, len(firsts), count)
        li = rng.integers(0, len(lasts), count)
        first[mask] = [firsts[i][0] for i in fi]
        first_ascii[mask] = [firsts[i][1] for i in fi]
        last[mask] = [lasts[i][0] for i in li]
        last_ascii[mask] = [lasts[i][1] for i in li]
    return first, first_ascii, last, last_ascii


def build_owners(seed: int, count: int, timeline: Timeline) -> pl.DataFrame:
    rng = rng_for(seed, STREAM_OWNERS)
    locales = pick(rng, ["pl", "pl", "en", "ca", "de"], count)
    first, first_ascii, last, last_ascii = _names(rng, locales)
    ids = np.arange(count)
    # One rep joins half-way through the window; the rest exist from the start.
    joined = np.full(count, timeline.history_start)
    joined[-1] = timeline.start + (timeline.days // 2) * DAY
    return pl.DataFrame(
        {
            "owner_id": [str(5_000_001 + i) for i in ids],
            "name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "email": [
                f"{f}.{s}{i}@{vocab.INTERNAL_DOMAIN}"
                for f, s, i in zip(first_ascii, last_ascii, ids, strict=True)
            ],
            "team": pick(rng, vocab.OWNER_TEAMS, count),
            "_changed_at": joined,
        }
    )


def build_companies(seed: int, count: int, owner_ids: np.ndarray, timeline: Timeline) -> pl.DataFrame:
    rng = rng_for(seed, STREAM_COMPANIES)
    country = weighted_choice(rng, vocab.COUNTRY_WEIGHTS, count)
    locale = np.array([vocab.LOCALE_BY_COUNTRY[c] for c in country], dtype=object)
    currency = np.array([vocab.CURRENCY_BY_COUNTRY[c] for c in country], dtype=object)
    industry = weighted_choice(rng, vocab.INDUSTRY_WEIGHTS, count)
    employees = np.clip(np.round(np.exp(rng.normal(3.3, 1.4, count))), 1, 50_000).astype(np.int64)
    revenue_eur = employees * np.exp(rng.normal(11.3, 0.5, count))
    eur_per_unit = np.array([vocab.EUR_PER_UNIT[c] for c in currency])
    revenue = np.round(revenue_eur / eur_per_unit, -3)

    root_index = rng.integers(0, 1_000_000, count)
    names, slugs = np.empty(count, dtype=object), np.empty(count, dtype=object)
    qualifiers = ["", "", "", " Group", " Solutions", " Systems", " Partners"]
    qualifier = pick(rng, qualifiers, count)
    for loc in vocab.LOCALES:
        mask = locale == loc
        roots = vocab.COMPANY_ROOTS[loc]
        chosen = [roots[i % len(roots)] for i in root_index[mask]]
        qual = qualifier[mask] if loc != "zh" else np.full(int(mask.sum()), "", dtype=object)
        names[mask] = [f"{r[0]}{q}{vocab.COMPANY_SUFFIX[loc]}" for r, q in zip(chosen, qual, strict=True)]
        slugs[mask] = [f"{r[1]}{q.strip().lower()}" for r, q in zip(chosen, qual, strict=True)]
    tld = np.array([vocab.COMPANY_TLD[c] for c in country], dtype=object)

    # Latent ICP fit: mid-sized companies in software, marketing and finance, in core markets.
    size_fit = np.exp(-((np.log(employees) - np.log(200)) ** 2) / 4.0)
    industry_fit = np.isin(industry, ["IT", "Marketing & Advertising", "Financial Services"]) * 0.3
    country_fit = np.isin(country, ["PL", "GB", "DE", "ES"]) * 0.2
    fit = np.clip(0.5 * size_fit + industry_fit + country_fit + rng.normal(0, 0.05, count), 0, 1)

    created = rng.integers(timeline.history_start, timeline.end - 7 * DAY, count)
    frame = to_frame(
        {
            "company_id": [str(1_000_001 + i) for i in range(count)],
            "name": names,
            "_slug": slugs,
            "_tld": tld,
            "industry": industry,
            "employee_count": employees,
            "annual_revenue": np.where(rng.random(count) < 0.1, np.nan, revenue),
            "currency": currency,
            "country": country,
            "city": pick_per_key(rng, country, vocab.CITIES),
            "owner_id": owner_ids[rng.integers(0, len(owner_ids), count)],
            "created_at": created,
            "crm_in_use": pick(rng, vocab.CRM_IN_USE, count),
            "sales_team_size": np.clip(np.round(employees * rng.uniform(0.02, 0.2, count)), 0, None).astype(
                np.int64
            ),
            "uses_marketing_automation": np.where(rng.random(count) < 0.3, "yes", "no"),
            "_locale": locale,
            "_fit": fit,
        }
    )
    # Unique domains: the n-th company with the same slug gets n appended. Unknown revenue is empty.
    return (
        frame.with_columns(pl.col("annual_revenue").fill_nan(None))
        .with_columns(
            pl.when(pl.int_range(pl.len()).over("_slug", "_tld") == 0)
            .then(pl.col("_slug"))
            .otherwise(pl.col("_slug") + pl.int_range(pl.len()).over("_slug", "_tld").cast(pl.String))
            .add(pl.lit(".") + pl.col("_tld"))
            .alias("domain")
        )
        .drop("_slug", "_tld")
    )


def _emails(
    rng: np.random.Generator,
    first_ascii: np.ndarray,
    last_ascii: np.ndarray,
    locale: np.ndarray,
    company_domain: np.ndarray,
) -> np.ndarray:
    n = len(first_ascii)
    corporate = (company_domain != None) & (rng.random(n) < 0.75)  # noqa: E711 - elementwise
    pattern = rng.integers(0, 4, n)
    corporate_local = [
        f"{f}.{s}" if p == 0 else f"{f[:1]}{s}" if p == 1 else f if p == 2 else f"{f}_{s}"
        for f, s, p in zip(first_ascii, last_ascii, pattern, strict=True)
    ]
    free = pick_per_key(rng, locale, vocab.FREE_MAIL_BY_LOCALE)
    digits = rng.integers(1, 99, n)
    return np.array(
        [
            f"{local}@{domain}" if is_corporate else f"{f}.{s}{d}@{free_domain}"
            for local, domain, is_corporate, f, s, d, free_domain in zip(
                corporate_local, company_domain, corporate, first_ascii, last_ascii, digits, free, strict=True
            )
        ],
        dtype=object,
    )


def build_contacts(
    seed: int, count: int, companies: pl.DataFrame, owner_ids: np.ndarray, timeline: Timeline
) -> pl.DataFrame:
    """One row per real person, with acquisition facts and latent behaviour traits (columns with `_`)."""
    rng = rng_for(seed, STREAM_CONTACTS)
    n_companies = companies.height
    has_company = rng.random(count) < 0.85
    # Larger companies have more contacts in the CRM.
    weights = np.sqrt(companies["employee_count"].to_numpy().astype(float))
    company_index = rng.choice(n_companies, size=count, p=weights / weights.sum())
    company_index = np.where(has_company, company_index, -1)

    def from_company(column: str, fallback: np.ndarray) -> np.ndarray:
        values = companies[column].to_numpy()
        return np.where(has_company, values[np.clip(company_index, 0, None)], fallback)

    own_country = weighted_choice(rng, vocab.COUNTRY_WEIGHTS, count)
    country = from_company("country", own_country)
    locale = np.array([vocab.LOCALE_BY_COUNTRY[c] for c in country], dtype=object)
    first, first_ascii, last, last_ascii = _names(rng, locale)
    domain = from_company("domain", np.full(count, None, dtype=object))
    email = _emails(rng, first_ascii, last_ascii, locale, domain)
    # Unique addresses: repeats get a number before the "@".
    email_frame = pl.DataFrame({"email": email.astype(str)}).with_columns(
        n=pl.int_range(pl.len()).over("email")
    )
    email = np.array(
        [e if k == 0 else e.replace("@", f"{k}@", 1) for e, k in email_frame.iter_rows()], dtype=object
    )

    in_window = rng.random(count) < 0.7
    created = np.where(
        in_window,
        rng.integers(timeline.start, timeline.end - 3600, count),
        rng.integers(timeline.history_start, timeline.start, count),
    )
    company_created = from_company("created_at", np.zeros(count, dtype=np.int64)).astype(np.int64)
    created = np.minimum(np.maximum(created, company_created + DAY), timeline.end - 3600)

    persona = weighted_choice(rng, vocab.PERSONA_WEIGHTS, count)
    title = np.empty(count, dtype=object)
    for name, by_locale in vocab.JOB_TITLES.items():
        mask = persona == name
        if mask.any():
            title[mask] = pick_per_key(rng, locale[mask], by_locale)
    title[rng.random(count) < 0.06] = None

    created_via = weighted_choice(rng, vocab.CREATED_VIA_WEIGHTS, count)
    first_channel = weighted_choice(rng, vocab.CHANNEL_WEIGHTS, count)
    # Some CRMs record the original source themselves (as HubSpot does); one in three here.
    records_source = rng.random(count) < 0.35
    original_source = np.where(
        records_source,
        np.where(
            created_via == "form",
            np.array([vocab.HUBSPOT_ORIGINAL_SOURCE[c] for c in first_channel], dtype=object),
            "OFFLINE",
        ),
        None,
    )

    engagement = rng.beta(1.2, 4.0, count)
    corporate_email = np.array([d is not None and e.endswith(d) for e, d in zip(email, domain, strict=True)])
    internal = rng.random(count) < 0.003
    email = np.where(
        internal,
        [f"{f}.{s}@{vocab.INTERNAL_DOMAIN}" for f, s in zip(first_ascii, last_ascii, strict=True)],
        email,
    )
    missing_email = (rng.random(count) < 0.02) & (created_via != "form")
    malformed = rng.random(count) < 0.004
    email = np.where(malformed, [f"{f}.{s}@" for f, s in zip(first_ascii, last_ascii, strict=True)], email)
    email = np.where(missing_email, None, email)

    fit = from_company("_fit", rng.uniform(0, 0.4, count)).astype(float)
    # Funnel: MQL, SQL; deals and customers follow in `sales`.
    becomes_mql = rng.random(count) < np.where(created_via == "form", 0.45, 0.25)
    mql_at = np.where(becomes_mql, created + rng.exponential(10 * DAY, count).astype(np.int64), -1)
    becomes_sql = becomes_mql & (rng.random(count) < 0.25 + 0.45 * fit)
    sql_at = np.where(becomes_sql, mql_at + rng.exponential(14 * DAY, count).astype(np.int64), -1)

    tags = np.where(
        rng.random(count) < 0.1,
        np.array(
            [";".join(sorted(set(pick(rng, vocab.MANUAL_TAGS, 2)))) for _ in range(count)], dtype=object
        ),
        None,
    )
    city = np.where(rng.random(count) < 0.85, pick_per_key(rng, country, vocab.CITIES), None)
    phone_prefix = {
        "PL": "+48",
        "GB": "+44",
        "US": "+1",
        "ES": "+34",
        "DE": "+49",
        "CN": "+86",
        "RU": "+7",
        "FR": "+33",
    }
    phone = np.array(
        [
            f"{phone_prefix[c]} {n // 1000:03d} {n % 1000:03d} {m:03d}"
            for c, n, m in zip(
                country, rng.integers(100_000, 999_999, count), rng.integers(0, 999, count), strict=True
            )
        ],
        dtype=object,
    )
    phone[rng.random(count) < 0.3] = None

    owner_at_creation = np.isin(created_via, ["phone", "event", "manual"])
    return (
        to_frame(
            {
                "contact_id": [str(2_000_001 + i) for i in range(count)],
                "email": email,
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "phone": phone,
                # Some CRM records lack the company link although the email is on the company's domain.
                "company_id": np.where(
                    rng.random(count) < 0.06,
                    None,
                    from_company("company_id", np.full(count, None, dtype=object)),
                ),
                "company_name": from_company("name", np.full(count, None, dtype=object)),
                "country": country,
                "city": city,
                "owner_id": owner_ids[rng.integers(0, len(owner_ids), count)],
                "created_via": created_via,
                "marketing_opt_out": rng.random(count) < 0.03,
                "original_source": original_source,
                "tags": tags,
                "created_at": created,
                "_owner_from_start": owner_at_creation,
                "_locale": locale,
                "_persona": persona,
                "_first_channel": first_channel,
                "_engagement": engagement,
                "_bot_opener": corporate_email & (rng.random(count) < 0.1),
                "_bounce_profile": np.where(
                    rng.random(count) < 0.012, "hard", np.where(rng.random(count) < 0.025, "soft", "normal")
                ),
                "_interest": pick(rng, vocab.CLICK_TOPICS, count),
                "_fit": fit,
                "_mql_at": mql_at,
                "_sql_at": sql_at,
                "_visitor_id": np.array(opaque_ids("v", 1, count, 12), dtype=object),
                "_duplicate_of": np.full(count, None, dtype=object),
            }
        )
        .with_columns(pl.col("_duplicate_of").cast(pl.String))
        .with_columns(
            pl.col("created_at").cast(pl.Int64),
            pl.col("_mql_at").cast(pl.Int64),
            pl.col("_sql_at").cast(pl.Int64),
        )
    )


def build_duplicates(seed: int, contacts: pl.DataFrame, share: float, timeline: Timeline) -> pl.DataFrame:
    """Second CRM records of the same people: imported later, email typed in another case."""
    rng = rng_for(seed, STREAM_DUPLICATES)
    candidates = contacts.filter(pl.col("email").is_not_null() & ~pl.col("email").str.ends_with("@"))
    count = min(round(contacts.height * share), candidates.height)
    chosen = candidates.sample(n=count, seed=int(rng.integers(0, 2**31)))
    shift = rng.integers(DAY, 200 * DAY, count)
    style = rng.integers(0, 3, count)
    emails = chosen["email"].to_list()
    variants = [
        e.upper() if s == 0 else (" " + e.title() + " " if s == 1 else e[:1].upper() + e[1:])
        for e, s in zip(emails, style, strict=True)
    ]
    start_id = 2_000_001 + contacts.height
    return chosen.with_columns(
        contact_id=pl.Series([str(start_id + i) for i in range(count)]),
        email=pl.Series(variants),
        created_at=pl.min_horizontal(pl.col("created_at") + pl.Series(shift), pl.lit(timeline.end - 3600)),
        created_via=pl.lit("import"),
        company_id=pl.when(pl.Series(rng.random(count) < 0.5)).then(None).otherwise(pl.col("company_id")),
        original_source=pl.lit(None, dtype=pl.String),
        _mql_at=pl.lit(-1, dtype=pl.Int64),
        _sql_at=pl.lit(-1, dtype=pl.Int64),
        _engagement=pl.lit(0.0),
        _duplicate_of=pl.col("contact_id"),
    ).with_columns(pl.col("_duplicate_of").cast(pl.String))
