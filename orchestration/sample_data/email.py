"""Email campaigns, simulated one send day at a time (the event volume does not fit in memory at scale)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from orchestration.sample_data import vocab
from orchestration.sample_data.journeys import build_page_views
from orchestration.sample_data.timeline import DAY, Timeline, pick, rng_for

STREAM_EMAIL = 40
SOFT_BOUNCE_RATE = {"normal": 0.004, "soft": 0.45, "hard": 0.0}


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str
    audience_share: float
    topics: tuple[str, ...]


def campaigns_on(day: dt.date) -> list[Campaign]:
    """Tuesday newsletter, Thursday product news, and a webinar invitation every other Monday."""
    stamp = day.strftime("%Y%m%d")
    plan = []
    if day.weekday() == 1:
        plan.append(
            Campaign(f"CMP-{stamp}-NL", f"Newsletter {day.isoformat()}", 0.45, ("blog", "ebook", "pricing"))
        )
    if day.weekday() == 3:
        title = "Nowości produktowe" if day.isocalendar().week % 2 else "Product update: lead scoring"
        plan.append(Campaign(f"CMP-{stamp}-PU", title, 0.30, ("product", "pricing", "case_study")))
    if day.weekday() == 0 and day.isocalendar().week % 2 == 0:
        plan.append(
            Campaign(f"CMP-{stamp}-WB", "Webinar invitation: Segmentation 101", 0.25, ("webinar", "blog"))
        )
    return plan


@dataclass
class Audience:
    """The email tool's view of the contacts, and the suppression state it keeps between sends."""

    contact_id: np.ndarray
    email: np.ndarray
    created_at: np.ndarray
    sendable: np.ndarray
    engagement: np.ndarray
    bot_opener: np.ndarray
    bounce_profile: np.ndarray
    interest: np.ndarray
    visitor_id: np.ndarray
    synced: np.ndarray
    unsubscribed: np.ndarray = field(init=False)
    hard_bounced: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.unsubscribed = np.zeros(len(self.contact_id), dtype=bool)
        self.hard_bounced = np.zeros(len(self.contact_id), dtype=bool)

    @classmethod
    def from_contacts(cls, seed: int, contacts: pl.DataFrame) -> Audience:
        originals = contacts.filter(pl.col("_duplicate_of").is_null())
        email = originals["email"].to_numpy()
        valid = np.array([e is not None and "@" in e and not e.endswith("@") for e in email])
        internal = np.array([e is not None and e.endswith("@" + vocab.INTERNAL_DOMAIN) for e in email])
        rng = rng_for(seed, STREAM_EMAIL)
        return cls(
            contact_id=originals["contact_id"].to_numpy(),
            email=np.array([e.lower() if e else e for e in email], dtype=object),
            created_at=originals["created_at"].to_numpy(),
            sendable=valid & ~internal & ~originals["marketing_opt_out"].to_numpy(),
            engagement=originals["_engagement"].to_numpy(),
            bot_opener=originals["_bot_opener"].to_numpy(),
            bounce_profile=originals["_bounce_profile"].to_numpy(),
            interest=originals["_interest"].to_numpy(),
            visitor_id=originals["_visitor_id"].to_numpy(),
            synced=rng.random(originals.height) < 0.85,
        )


def _links(campaign: Campaign, slug: str) -> list[tuple[str, str]]:
    tags = f"?utm_source=newsletter&utm_medium=email&utm_campaign={slug}"
    return [(topic, f"{vocab.SITE}{vocab.CONTENT_PAGES[topic][0]}{tags}") for topic in campaign.topics]


def _event_rows(
    campaign: Campaign,
    audience: Audience,
    recipients: np.ndarray,
    event_type: str,
    at: np.ndarray,
    url: np.ndarray | None = None,
    bounce: str | None = None,
    suffix: str = "",
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "event_id": [f"{campaign.campaign_id}.{i}.{event_type}{suffix}" for i in recipients],
            "campaign_id": campaign.campaign_id,
            "campaign_name": campaign.name,
            "email": audience.email[recipients].tolist(),
            "contact_id": np.where(
                audience.synced[recipients], audience.contact_id[recipients], None
            ).tolist(),
            "event_type": event_type,
            "bounce_type": bounce,
            "url": url.tolist() if url is not None else None,
            "occurred_at": at.astype(np.int64),
        },
        schema_overrides={"bounce_type": pl.String, "url": pl.String},
    )


def _send_campaign(
    rng: np.random.Generator, campaign: Campaign, audience: Audience, send_at: int
) -> tuple[list[pl.DataFrame], pl.DataFrame | None]:
    eligible = (
        audience.sendable & ~audience.unsubscribed & ~audience.hard_bounced & (audience.created_at < send_at)
    )
    chosen = np.flatnonzero(eligible & (rng.random(len(eligible)) < campaign.audience_share))
    if not len(chosen):
        return [], None
    slug = campaign.campaign_id.lower()
    link_of = dict(_links(campaign, slug))
    n = len(chosen)
    sent_at = send_at + rng.integers(0, 1800, n)
    profile = audience.bounce_profile[chosen]
    hard = profile == "hard"
    soft = ~hard & (rng.random(n) < np.array([SOFT_BOUNCE_RATE[p] for p in profile]))
    delivered = ~hard & ~soft
    engagement = audience.engagement[chosen]
    bot = audience.bot_opener[chosen]
    opened = (delivered & (rng.random(n) < 0.10 + 0.6 * engagement)) | (delivered & bot)
    # Security scanners "open" within seconds of delivery; people take hours.
    open_at = np.where(bot, sent_at + 3, sent_at + rng.exponential(4 * 3600, n).astype(np.int64) + 60)
    clicked = delivered & (rng.random(n) < 0.25 * engagement**1.5)
    second_click = clicked & (rng.random(n) < 0.3)
    topic = np.where(rng.random(n) < 0.5, audience.interest[chosen], pick(rng, list(campaign.topics), n))
    topic = np.where(np.isin(topic, campaign.topics), topic, campaign.topics[0])
    click_at = np.where(opened, open_at, sent_at) + rng.exponential(600, n).astype(np.int64) + 30
    unsubscribed = delivered & (rng.random(n) < 0.002 + 0.008 * (1 - engagement))
    spam = delivered & ~unsubscribed & (rng.random(n) < 0.0004)
    click_url = np.array([link_of[t] for t in topic], dtype=object)
    last_link = list(link_of.values())[-1]
    first_link = next(iter(link_of.values()))
    other_url = np.where(click_url == last_link, first_link, last_link)

    def rows(mask: np.ndarray, event_type: str, at: np.ndarray, **kwargs: object) -> pl.DataFrame:
        url = kwargs.pop("url", None)
        return _event_rows(
            campaign,
            audience,
            chosen[mask],
            event_type,
            at[mask],
            url=url[mask] if url is not None else None,
            **kwargs,  # type: ignore[arg-type]
        )

    events = [
        rows(np.ones(n, dtype=bool), "sent", sent_at),
        rows(delivered, "delivered", sent_at + 5),
        rows(hard, "bounce", sent_at + 5, bounce="hard"),
        rows(soft, "bounce", sent_at + 5, bounce="soft"),
        rows(opened, "open", open_at),
        rows(clicked, "click", click_at, url=click_url, suffix="1"),
        rows(second_click, "click", click_at + 40, url=other_url, suffix="2"),
        rows(unsubscribed, "unsubscribe", click_at + 120),
        rows(spam, "spam_report", open_at + 30),
    ]
    audience.hard_bounced[chosen[hard]] = True
    audience.unsubscribed[chosen[unsubscribed | spam]] = True

    # A click opens the site: a session tagged by the campaign link, identified by the email tool.
    clicks = chosen[clicked]
    sessions = pl.DataFrame(
        {
            "session_id": [f"s{slug}{i}" for i in clicks],
            "visitor_id": audience.visitor_id[clicks].tolist(),
            "contact_id": audience.contact_id[clicks].tolist(),
            "started_at": click_at[clicked] + 2,
            "landing_page_url": click_url[clicked].tolist(),
            "referrer_url": None,
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": slug,
            "utm_content": None,
            "utm_term": None,
            "_group": topic[clicked].tolist(),
        },
        schema_overrides={"referrer_url": pl.String, "utm_content": pl.String, "utm_term": pl.String},
    )
    return events, sessions


def send_day(
    seed: int, day: int, audience: Audience, timeline: Timeline
) -> tuple[pl.DataFrame | None, pl.DataFrame | None, pl.DataFrame | None]:
    """Email events of one day's campaigns, plus the web sessions and page views their clicks cause."""
    day_start = timeline.start + day * DAY
    events: list[pl.DataFrame] = []
    sessions: list[pl.DataFrame] = []
    for number, campaign in enumerate(campaigns_on(timeline.date_of_day(day))):
        rng = rng_for(seed, STREAM_EMAIL, day, number)
        campaign_events, campaign_sessions = _send_campaign(
            rng, campaign, audience, day_start + (9 + 3 * number) * 3600
        )
        events += campaign_events
        if campaign_sessions is not None:
            sessions.append(campaign_sessions)
    if not events:
        return None, None, None
    click_sessions = pl.concat(sessions, how="vertical_relaxed") if sessions else None
    views = build_page_views(seed * 1000 + day, click_sessions) if click_sessions is not None else None
    return pl.concat(events, how="vertical_relaxed"), click_sessions, views
