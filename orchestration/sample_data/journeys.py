"""Web sessions, page views and form fills: how visitors arrive, browse and become contacts."""

from __future__ import annotations

import numpy as np
import polars as pl

from orchestration.sample_data import vocab
from orchestration.sample_data.timeline import (
    DAY,
    Timeline,
    opaque_ids,
    pick,
    rng_for,
    to_frame,
    weighted_choice,
)

STREAM_SESSIONS, STREAM_PAGES, STREAM_FORMS = 10, 11, 12
FORM_TYPE_PAGE_GROUP = {
    "download": "ebook",
    "webinar": "webinar",
    "contact": "demo",
    "trial": "pricing",
    "newsletter": "blog",
}
SEARCH_TERMS = [
    "crm software",
    "program crm",
    "crm dla firm",
    "crm 软件",
    "crm система",
    "lead scoring tool",
    "programari crm",
    "best crm small business",
]


def _session_tags(
    rng: np.random.Generator, channels: np.ndarray, interests: np.ndarray | None
) -> dict[str, np.ndarray]:
    """Referrer, UTM tags and entry URL for sessions of the given channels, in the styles seen in the wild."""
    n = len(channels)
    source, medium, referrer = (np.full(n, None, dtype=object) for _ in range(3))
    group = np.empty(n, dtype=object)
    for channel, styles in vocab.CHANNEL_STYLES.items():
        mask = channels == channel
        count = int(mask.sum())
        if not count:
            continue
        chosen = rng.integers(0, len(styles), count)
        source[mask] = [styles[i][0] for i in chosen]
        medium[mask] = [styles[i][1] for i in chosen]
        referrer[mask] = [styles[i][2] for i in chosen]
        group[mask] = pick(rng, vocab.CHANNEL_LANDING_GROUPS[channel], count)
    if interests is not None:
        follows_interest = rng.random(n) < 0.3
        group = np.where(follows_interest, interests, group)
    path = np.array([pick(rng, vocab.CONTENT_PAGES[g], 1)[0] for g in group], dtype=object)
    tagged = np.array([s is not None for s in source])
    campaign = np.where(tagged, pick(rng, vocab.CAMPAIGN_SLUGS, n), None)
    term = np.where(np.isin(channels, ["paid_search"]), pick(rng, SEARCH_TERMS, n), None)
    content = np.where(
        tagged & (rng.random(n) < 0.3), pick(rng, ["banner_a", "text-ad", "video_15s", "cta"], n), None
    )
    click_id = np.where(
        np.array([s is not None and s.lower() in ("google", "adwords") for s in source]),
        "&gclid=" + np.array(opaque_ids("", int(rng.integers(0, 2**30)), n, 12), dtype=object),
        np.where(
            np.array([s is not None and s.lower() in ("facebook", "fb", "instagram") for s in source]),
            "&fbclid=IwAR0x",
            "",
        ),
    )
    host = pick(rng, [vocab.SITE, vocab.SITE, "https://example-crm.com", "http://www.example-crm.com"], n)
    path_variant = np.where(rng.random(n) < 0.1, np.char.add(path.astype(str), "/"), path)
    urls = []
    for h, p, s, m, c, ct, t, cid in zip(
        host, path_variant, source, medium, campaign, content, term, click_id, strict=True
    ):
        params = [f"utm_source={s}", f"utm_medium={m}", f"utm_campaign={c}"] if s is not None else []
        if ct is not None:
            params.append(f"utm_content={ct}")
        if t is not None and s is not None:
            params.append(f"utm_term={t.replace(' ', '+')}")
        query = ("?" + "&".join(params) + cid) if params else ""
        urls.append(f"{h}{p}{query}")
    # Tools fill the UTM columns for most tagged sessions; the rest carry the tags only in the URL.
    in_columns = rng.random(n) < 0.75
    return {
        "landing_page_url": np.array(urls, dtype=object),
        "referrer_url": referrer,
        "utm_source": np.where(in_columns, source, None),
        "utm_medium": np.where(in_columns, medium, None),
        "utm_campaign": np.where(in_columns, campaign, None),
        "utm_content": np.where(in_columns, content, None),
        "utm_term": np.where(in_columns & tagged, term, None),
        "_group": group,
    }


def _sessions(
    rng: np.random.Generator,
    first_id: int,
    visitor_ids: np.ndarray,
    contact_ids: np.ndarray,
    started_at: np.ndarray,
    channels: np.ndarray,
    interests: np.ndarray | None,
) -> pl.DataFrame:
    tags = _session_tags(rng, channels, interests)
    return to_frame(
        {
            "session_id": np.array(opaque_ids("s", first_id, len(visitor_ids)), dtype=object),
            "visitor_id": visitor_ids,
            "contact_id": contact_ids,
            "started_at": started_at.astype(np.int64),
            **tags,
        }
    )


def build_sessions(
    seed: int, contacts: pl.DataFrame, anonymous_visitors: int, timeline: Timeline
) -> pl.DataFrame:
    """Acquisition journeys of form-created contacts, return visits, and visitors who never convert."""
    rng = rng_for(seed, STREAM_SESSIONS)
    originals = contacts.filter(pl.col("_duplicate_of").is_null())
    form = originals.filter(pl.col("created_via") == "form")
    n_form = form.height
    created = form["created_at"].to_numpy()
    visitor = form["_visitor_id"].to_numpy()

    # Visits before the converting one, the first of which carries the contact's first channel.
    n_before = rng.poisson(1.2, n_form)
    owner = np.repeat(np.arange(n_form), n_before + 1)
    is_conversion = np.concatenate([[False] * k + [True] for k in n_before]) if n_form else np.array([], bool)
    offset = np.where(
        is_conversion, rng.integers(60, 1200, len(owner)), rng.integers(3600, 30 * DAY, len(owner))
    )
    started = created[owner] - offset
    order = np.lexsort((started, owner))
    owner, started, is_conversion = owner[order], started[order], is_conversion[order]
    first_of_owner = np.r_[True, owner[1:] != owner[:-1]] if len(owner) else np.array([], bool)
    channels = np.where(
        first_of_owner,
        form["_first_channel"].to_numpy()[owner],
        np.where(
            rng.random(len(owner)) < 0.5, "direct", weighted_choice(rng, vocab.CHANNEL_WEIGHTS, len(owner))
        ),
    )
    identified = is_conversion & (rng.random(len(owner)) < 0.3)
    acquisition = _sessions(
        rng,
        1,
        visitor[owner],
        np.where(identified, form["contact_id"].to_numpy()[owner], None),
        started,
        channels,
        form["_interest"].to_numpy()[owner],
    )

    # Return visits after creation, more for engaged contacts.
    created_all = originals["created_at"].to_numpy()
    remaining = np.clip((timeline.end - created_all) / (timeline.end - timeline.start + 1), 0, 3)
    is_form = originals["created_via"].to_numpy() == "form"
    rate = originals["_engagement"].to_numpy() * np.where(is_form, 5.0, 1.5) * remaining
    n_return = rng.poisson(rate)
    who = np.repeat(np.arange(originals.height), n_return)
    returns_at = created_all[who] + (rng.random(len(who)) * (timeline.end - created_all[who])).astype(
        np.int64
    )
    return_channels = weighted_choice(
        rng,
        {"direct": 0.4, "organic_search": 0.3, "organic_social": 0.1, "referral": 0.1, "paid_search": 0.1},
        len(who),
    )
    known = rng.random(len(who)) < 0.7
    returns = _sessions(
        rng,
        1 + acquisition.height,
        originals["_visitor_id"].to_numpy()[who],
        np.where(known, originals["contact_id"].to_numpy()[who], None),
        returns_at,
        return_channels,
        originals["_interest"].to_numpy()[who],
    )

    # Visitors who never leave an email.
    visits = 1 + rng.poisson(0.4, anonymous_visitors)
    anon_owner = np.repeat(np.arange(anonymous_visitors), visits)
    anon_visitor = np.array(opaque_ids("v", 10_000_000, anonymous_visitors, 12), dtype=object)
    anon_start = rng.integers(timeline.start, timeline.end - 3600, len(anon_owner))
    anonymous = _sessions(
        rng,
        1 + acquisition.height + returns.height,
        anon_visitor[anon_owner],
        np.full(len(anon_owner), None, dtype=object),
        anon_start,
        weighted_choice(rng, vocab.CHANNEL_WEIGHTS, len(anon_owner)),
        None,
    )
    sessions = pl.concat([acquisition, returns, anonymous], how="vertical_relaxed")
    return sessions.filter(pl.col("started_at").is_between(timeline.history_start, timeline.end))


def build_page_views(seed: int, sessions: pl.DataFrame) -> pl.DataFrame:
    """Each session's entry page, then a few more pages, most often about the same topic."""
    rng = rng_for(seed, STREAM_PAGES)
    extra = rng.poisson(1.6, sessions.height)
    owner = np.repeat(np.arange(sessions.height), extra)
    all_paths = [path for paths in vocab.CONTENT_PAGES.values() for path in paths]
    same_group = rng.random(len(owner)) < 0.5
    groups = sessions["_group"].to_numpy()[owner]
    paths = np.where(
        same_group,
        [pick(rng, vocab.CONTENT_PAGES[g], 1)[0] for g in groups],
        pick(rng, all_paths, len(owner)),
    )
    query = np.where(rng.random(len(owner)) < 0.1, "?ref=nav", "")
    step = np.ones(len(owner), dtype=np.int64)
    following = pl.DataFrame(
        {
            "session_index": owner,
            "url": [f"{vocab.SITE}{p}{q}" for p, q in zip(paths, query, strict=True)],
            "step": step,
        }
    ).with_columns(step=pl.int_range(1, pl.len() + 1).over("session_index"))
    entries = pl.DataFrame(
        {"session_index": np.arange(sessions.height), "url": sessions["landing_page_url"], "step": 0}
    )
    views = pl.concat(
        [entries, following.with_columns(pl.col("step").cast(pl.Int32))], how="vertical_relaxed"
    ).sort("session_index", "step", maintain_order=True)
    gaps = rng.exponential(45, views.height).astype(np.int64) + 5
    views = views.with_columns(gap=pl.Series(gaps)).with_columns(
        gap=pl.when(pl.col("step") == 0).then(0).otherwise(pl.col("gap")).cum_sum().over("session_index")
    )
    base = sessions.select(
        pl.int_range(pl.len()).alias("session_index"), "session_id", "visitor_id", "started_at"
    )
    return views.join(base, on="session_index", maintain_order="left").select(
        "session_id", "visitor_id", "url", (pl.col("started_at") + pl.col("gap")).alias("viewed_at")
    )


def build_form_submissions(
    seed: int, contacts: pl.DataFrame, timeline: Timeline
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The converting form fill of form-created contacts and later fills by engaged contacts.

    Returns the submissions and the web sessions of the later fills (visitors must visit to fill a form).
    """
    rng = rng_for(seed, STREAM_FORMS)
    originals = contacts.filter(pl.col("_duplicate_of").is_null() & pl.col("email").is_not_null())
    form = originals.filter(pl.col("created_via") == "form")
    first_type = weighted_choice(rng, vocab.FORM_TYPE_WEIGHTS, form.height)

    created_all = originals["created_at"].to_numpy()
    rate = (
        originals["_engagement"].to_numpy()
        * 2.0
        * np.clip((timeline.end - created_all) / (timeline.end - timeline.start + 1), 0, 3)
    )
    n_later = rng.poisson(rate)
    who = np.repeat(np.arange(originals.height), n_later)
    later_at = created_all[who] + (rng.random(len(who)) * (timeline.end - created_all[who])).astype(np.int64)
    later_type = weighted_choice(
        rng, {"download": 0.4, "webinar": 0.25, "contact": 0.2, "trial": 0.15}, len(who)
    )

    def submissions(frame: pl.DataFrame, types: np.ndarray, at: np.ndarray, first_id: int) -> pl.DataFrame:
        n = len(types)
        chosen = [
            vocab.FORMS[t][int(i) % len(vocab.FORMS[t])]
            for t, i in zip(types, rng.integers(0, 10, n), strict=True)
        ]
        emails = frame["email"].to_numpy()
        retyped = rng.random(n) < 0.2
        return to_frame(
            {
                "submission_id": np.array(opaque_ids("fs", first_id, n), dtype=object),
                "form_id": np.array([c[0] for c in chosen], dtype=object),
                "form_name": np.array([c[1] for c in chosen], dtype=object),
                "form_type": types,
                "email": np.where(
                    retyped, np.array([str(e).capitalize() for e in emails], dtype=object), emails
                ),
                "visitor_id": frame["_visitor_id"].to_numpy(),
                "page_url": np.array([f"{vocab.SITE}{c[2]}" for c in chosen], dtype=object),
                "submitted_at": at.astype(np.int64),
                "_contact_id": frame["contact_id"].to_numpy(),
            }
        )

    first = submissions(form, first_type, form["created_at"].to_numpy(), 1)
    later_frame = originals[who] if len(who) else originals.clear()
    later = submissions(later_frame, later_type, later_at, 1 + form.height)
    later_sessions = (
        _sessions(
            rng,
            50_000_000,
            later_frame["_visitor_id"].to_numpy(),
            np.where(rng.random(len(who)) < 0.5, later_frame["contact_id"].to_numpy(), None),
            later_at - rng.integers(60, 900, len(who)),
            pick(rng, ["direct", "email", "organic_search"], len(who)),
            np.array([FORM_TYPE_PAGE_GROUP[t] for t in later_type], dtype=object),
        )
        if len(who)
        else None
    )
    all_submissions = pl.concat([first, later], how="vertical_relaxed")
    return all_submissions, later_sessions if later_sessions is not None else pl.DataFrame()
