"""Vendor export fixtures: the vendors' published header lists, filled from canonical landing files.

The header tables below are the test's own copy of HubSpot's and Mailchimp's column names (English labels,
internal property names, German labels), kept apart from `vendor_formats/*.yml` so the tests check the
configuration instead of restating it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl

from orchestration.landing.reader import read_landing_file

STYLES = ("labels", "internal", "german")

# canonical column -> header per style
HUBSPOT_CONTACT_HEADERS: dict[str, tuple[str, str, str]] = {
    "contact_id": ("Record ID", "hs_object_id", "Datensatz-ID"),
    "first_name": ("First Name", "firstname", "Vorname"),
    "last_name": ("Last Name", "lastname", "Nachname"),
    "email": ("Email", "email", "E-Mail"),
    "phone": ("Phone Number", "phone", "Telefonnummer"),
    "job_title": ("Job Title", "jobtitle", "Berufsbezeichnung"),
    "owner_id": ("Contact owner", "hubspot_owner_id", "Kontaktinhaber"),
    "company_id": (
        "Primary Associated Company ID",
        "associatedcompanyid",
        "Primäre zugeordnete Unternehmens-ID",
    ),
    "company_name": ("Company Name", "company", "Unternehmensname"),
    "country": ("Country/Region", "country", "Land/Region"),
    "city": ("City", "city", "Stadt"),
    "lifecycle_stage": ("Lifecycle Stage", "lifecyclestage", "Lifecycle-Phase"),
    "lead_status": ("Lead Status", "hs_lead_status", "Lead-Status"),
    "marketing_opt_out": ("Marketing contact status", "hs_marketable_status", "Marketingkontaktstatus"),
    "created_via": ("Record source", "hs_object_source", "Datensatzquelle"),
    "created_at": ("Create Date", "createdate", "Erstellungsdatum"),
    "updated_at": ("Last Modified Date", "lastmodifieddate", "Zuletzt geändert am"),
    "original_source": ("Original Source", "hs_analytics_source", "Ursprüngliche Quelle"),
    "utm_source": (
        "Original Source Drill-Down 1",
        "hs_analytics_source_data_1",
        "Ursprüngliche Quelle Drill-Down 1",
    ),
    "utm_campaign": (
        "Original Source Drill-Down 2",
        "hs_analytics_source_data_2",
        "Ursprüngliche Quelle Drill-Down 2",
    ),
    "first_page_seen": ("First Page Seen", "hs_analytics_first_url", "Erste angezeigte Seite"),
    "utm_medium": ("UTM Medium", "utm_medium", "UTM Medium"),
    "tags": ("Tags", "tags", "Tags"),
}
# Columns HubSpot exports that the landing contract has no place for: kept as custom properties.
HUBSPOT_CONTACT_EXTRAS: dict[str, tuple[str, str, str]] = {
    "last_activity_date": ("Last Activity Date", "notes_last_updated", "Datum der letzten Aktivität"),
    "first_conversion": ("First Conversion", "first_conversion_event_name", "Erste Conversion"),
    "first_conversion_date": (
        "First Conversion Date",
        "first_conversion_date",
        "Datum der ersten Conversion",
    ),
    "deal_ids": ("Associated Deal IDs", "associated_deal_ids", "Zugeordnete Deal-IDs"),
}
HUBSPOT_COMPANY_HEADERS: dict[str, tuple[str, str, str]] = {
    "company_id": ("Record ID", "hs_object_id", "Datensatz-ID"),
    "name": ("Company name", "name", "Firmenname"),
    "domain": ("Company Domain Name", "domain", "Unternehmensdomain"),
    "industry": ("Industry", "industry", "Branche"),
    "employee_count": ("Number of Employees", "numberofemployees", "Anzahl der Mitarbeiter"),
    "annual_revenue": ("Annual Revenue", "annualrevenue", "Jahresumsatz"),
    "currency": ("Currency", "currency", "Währung"),
    "country": ("Country/Region", "country", "Land/Region"),
    "city": ("City", "city", "Stadt"),
    "owner_id": ("Company owner", "hubspot_owner_id", "Unternehmensinhaber"),
    "created_at": ("Create Date", "createdate", "Erstellungsdatum"),
    "updated_at": ("Last Modified Date", "hs_lastmodifieddate", "Zuletzt geändert am"),
}
HUBSPOT_DEAL_HEADERS: dict[str, tuple[str, str, str]] = {
    "deal_id": ("Record ID", "hs_object_id", "Datensatz-ID"),
    "company_id": ("Associated Company IDs", "Associated Company IDs", "Zugeordnete Unternehmens-IDs"),
    "contact_id": ("Associated Contact IDs", "Associated Contact IDs", "Zugeordnete Kontakt-IDs"),
    "pipeline": ("Pipeline", "pipeline", "Pipeline"),
    "stage": ("Deal Stage", "dealstage", "Deal-Phase"),
    "amount": ("Amount", "amount", "Betrag"),
    "currency": ("Currency", "deal_currency_code", "Währung"),
    "product": ("Product", "product", "Produkt"),
    "owner_id": ("Deal owner", "hubspot_owner_id", "Deal-Inhaber"),
    "created_at": ("Create Date", "createdate", "Erstellungsdatum"),
    "close_date": ("Close Date", "closedate", "Abschlussdatum"),
    "is_closed": ("Is Deal Closed?", "hs_is_closed", "Ist der Deal abgeschlossen?"),
    "is_won": ("Is Closed Won", "hs_is_closed_won", "Ist gewonnen"),
    "updated_at": ("Last Modified Date", "hs_lastmodifieddate", "Zuletzt geändert am"),
}

LIFECYCLE_LABELS = {
    "subscriber": ("Subscriber", "Abonnent"),
    "lead": ("Lead", "Lead"),
    "marketingqualifiedlead": ("Marketing Qualified Lead", "Marketingqualifizierter Lead"),
    "salesqualifiedlead": ("Sales Qualified Lead", "Vertriebsqualifizierter Lead"),
    "opportunity": ("Opportunity", "Verkaufschance"),
    "customer": ("Customer", "Kunde"),
    "evangelist": ("Evangelist", "Evangelist"),
    "other": ("Other", "Andere"),
}
SOURCE_LABELS = {
    "ORGANIC_SEARCH": ("Organic Search", "Organische Suche"),
    "PAID_SEARCH": ("Paid Search", "Bezahlte Suche"),
    "EMAIL_MARKETING": ("Email Marketing", "E-Mail-Marketing"),
    "SOCIAL_MEDIA": ("Organic Social", "Organische Social Media"),
    "REFERRALS": ("Referrals", "Verweise"),
    "OTHER_CAMPAIGNS": ("Other Campaigns", "Andere Kampagnen"),
    "DIRECT_TRAFFIC": ("Direct Traffic", "Direkter Traffic"),
    "OFFLINE": ("Offline Sources", "Offline-Quellen"),
    "PAID_SOCIAL": ("Paid Social", "Bezahlte Social Media"),
}
RECORD_SOURCE = {
    "form": ("Forms", "FORM", "Formulare"),
    "import": ("Import", "IMPORT", "Import"),
    "manual": ("CRM UI", "CRM_UI", "CRM-Benutzeroberfläche"),
    "chat": ("Conversations", "CONVERSATIONS", "Konversationen"),
    "phone": ("Calling", "CALLING", "Anrufe"),
    "event": ("Meetings", "MEETINGS", "Meetings"),
}
DEAL_STAGE_GERMAN = {
    "appointmentscheduled": "Termin vereinbart",
    "qualifiedtobuy": "Kaufbereit",
    "presentationscheduled": "Präsentation geplant",
    "decisionmakerboughtin": "Entscheidungsträger eingebunden",
    "contractsent": "Vertrag gesendet",
    "closedwon": "Abgeschlossen und gewonnen",
    "closedlost": "Abgeschlossen und verloren",
}
TRUE_TEXT = ("true", "t", "yes", "y", "1")
FALSE_TEXT = ("false", "f", "no", "n", "0")

MAILCHIMP_MEMBER_HEADERS = (
    "Email Address",
    "First Name",
    "Last Name",
    "Phone Number",
    "MEMBER_RATING",
    "OPTIN_TIME",
    "OPTIN_IP",
    "CONFIRM_TIME",
    "CONFIRM_IP",
    "LATITUDE",
    "LONGITUDE",
    "GMTOFF",
    "DSTOFF",
    "TIMEZONE",
    "CC",
    "REGION",
    "LAST_CHANGED",
    "LEID",
    "EUID",
    "NOTES",
    "TAGS",
)
MAILCHIMP_UNSUBSCRIBED_EXTRA = (
    "UNSUB_TIME",
    "UNSUB_CAMPAIGN_TITLE",
    "UNSUB_CAMPAIGN_ID",
    "UNSUB_REASON",
    "UNSUB_REASON_OTHER",
)
MAILCHIMP_CLEANED_EXTRA = ("CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID")


def _styled(value: str | None, labels: dict[str, tuple[str, ...]], style: int) -> str | None:
    """The label a HubSpot export of this style shows for a canonical value (internal names stay)."""
    if value is None:
        return None
    options = labels.get(value.strip().lower()) or labels.get(value.strip())
    if options is None:
        return value
    if len(options) == 3:
        return options[style]
    return value if style == 1 else options[0 if style == 0 else 1]


def _marketing_status(value: str | None, style: int) -> str | None:
    """HubSpot states the opposite of the contract's marketing_opt_out."""
    if value is None or value.strip().lower() not in (*TRUE_TEXT, *FALSE_TEXT):
        return value
    opted_out = value.strip().lower() in TRUE_TEXT
    return [
        ("Non-marketing contact", "Marketing contact"),
        ("false", "true"),
        ("Kein Marketingkontakt", "Marketingkontakt"),
    ][style][0 if opted_out else 1]


def _german_boolean(value: str | None) -> str | None:
    if value is None or value.strip().lower() not in (*TRUE_TEXT, *FALSE_TEXT):
        return value
    return "Ja" if value.strip().lower() in TRUE_TEXT else "Nein"


def _canonical_records(path: Path) -> pl.DataFrame:
    return read_landing_file(path, path.name).records.drop("_row_number")


def _renamed(frame: pl.DataFrame, headers: dict[str, tuple[str, str, str]], style: int) -> pl.DataFrame:
    known = [column for column in frame.columns if column in headers]
    return frame.rename({column: headers[column][style] for column in known})


def hubspot_contacts(path: Path, style: int) -> pl.DataFrame:
    frame = _canonical_records(path)
    styled = frame.with_columns(
        pl.col("lifecycle_stage").map_elements(
            lambda v: _styled(v, LIFECYCLE_LABELS, style), return_dtype=pl.String
        ),
        pl.col("original_source").map_elements(
            lambda v: _styled(v, SOURCE_LABELS, style), return_dtype=pl.String
        ),
        pl.col("created_via").map_elements(
            lambda v: _styled(v, RECORD_SOURCE, style), return_dtype=pl.String
        ),
        pl.col("marketing_opt_out").map_elements(
            lambda v: _marketing_status(v, style), return_dtype=pl.String
        ),
        pl.lit("2026-10-01 09:00").alias(HUBSPOT_CONTACT_EXTRAS["last_activity_date"][style]),
        pl.lit("Newsletter signup").alias(HUBSPOT_CONTACT_EXTRAS["first_conversion"][style]),
        pl.lit("2026-09-15 10:00").alias(HUBSPOT_CONTACT_EXTRAS["first_conversion_date"][style]),
        pl.lit("77;78").alias(HUBSPOT_CONTACT_EXTRAS["deal_ids"][style]),
    )
    if style == 0:
        # Label exports carry every association too; the primary one is the first the loader uses.
        styled = styled.with_columns(
            pl.when(pl.col("company_id").is_not_null())
            .then(pl.col("company_id") + ";1999999")
            .alias("Associated Company IDs")
        )
    return _renamed(styled, HUBSPOT_CONTACT_HEADERS, style)


def hubspot_companies(path: Path, style: int) -> pl.DataFrame:
    return _renamed(_canonical_records(path), HUBSPOT_COMPANY_HEADERS, style)


def hubspot_deals(path: Path, style: int) -> pl.DataFrame:
    frame = _canonical_records(path)
    if style == 2:
        frame = frame.with_columns(
            pl.col("stage").map_elements(
                lambda v: DEAL_STAGE_GERMAN.get(v.strip().lower(), v) if v else v, return_dtype=pl.String
            ),
            pl.col("is_closed", "is_won").map_elements(_german_boolean, return_dtype=pl.String),
        )
    return _renamed(frame, HUBSPOT_DEAL_HEADERS, style)


def write_table(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        frame.write_excel(path, autofit=False)
    else:
        frame.write_csv(path)


def mailchimp_member_csv(rows: list[dict[str, str]], extra: tuple[str, ...] = ()) -> bytes:
    headers = (*MAILCHIMP_MEMBER_HEADERS, *extra)
    frame = pl.DataFrame(
        [{header: row.get(header) for header in headers} for row in rows],
        schema=dict.fromkeys(headers, pl.String),
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def write_mailchimp_zip(
    path: Path,
    subscribed: list[dict[str, str]],
    unsubscribed: list[dict[str, str]],
    cleaned: list[dict[str, str]],
) -> None:
    """An audience export as Mailchimp names its members: `<state>_members_export_<id>.csv`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("subscribed_members_export_3f9a.csv", mailchimp_member_csv(subscribed))
        archive.writestr(
            "unsubscribed_members_export_3f9a.csv",
            mailchimp_member_csv(unsubscribed, MAILCHIMP_UNSUBSCRIBED_EXTRA),
        )
        archive.writestr(
            "cleaned_members_export_3f9a.csv", mailchimp_member_csv(cleaned, MAILCHIMP_CLEANED_EXTRA)
        )
