"""HubSpot and Mailchimp files load into the raw layer as the canonical files would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import vendor_fixtures as fixtures

from orchestration.landing import layout
from orchestration.landing.contract import load_contract
from orchestration.landing.day_settings import SETTINGS_FILE
from orchestration.landing.errors import LandingFileError
from orchestration.landing.load import load_export_day
from orchestration.paths import MODELS_DIR
from orchestration.vendors.load import day_vendor_tables, load_vendor_exports

DAY = dt.date(2026, 9, 1)
CONTRACT = load_contract(MODELS_DIR)
LINEAGE = ["_export_date", "_source_file", "_row_number", "_loaded_at"]
CANONICAL_CONTACTS = (
    "contact_id,email,first_name,last_name,job_title,phone,company_id,company_name,country,city,lifecycle_stage,"
    "lead_status,owner_id,created_via,marketing_opt_out,utm_source,utm_medium,utm_campaign,original_source,"
    "first_page_seen,tags,created_at,updated_at\n"
    "101,Anna@Firma.pl,Anna,Nowak,CEO,+48 1,555,Firma,PL,Kraków,marketingqualifiedlead,open,5000001,form,"
    "false,google,cpc,brand,PAID_SEARCH,https://x.com/a,#vip,2026-08-01 10:00,2026-08-20 10:00\n"
    "102,ben@web.de,Ben,Bauer,,,,,DE,Berlin,customer,,,import,true,,,,OFFLINE,,,"
    "2026-08-02 10:00,2026-08-02 10:00\n"
    "103,zoe@x.com,Zoë,,,,556,,US,,lead,new,,manual,,,,,DIRECT_TRAFFIC,,,2026-08-03 10:00,2026-08-03 11:00\n"
    "104,bad@x.com,Bad,,,,,,,,lead,,,,maybe,,,,,,,not a date,2026-08-03 11:00\n"
)


def _land_canonical(landing: Path, content: str, export: str = "contacts") -> Path:
    path = layout.landing_file(landing, DAY, export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def _loaded(raw: Path, export: str, part: str = layout.CANONICAL) -> pl.DataFrame:
    return pl.read_parquet(layout.loaded_partition(raw, export, DAY, part))


def _all_parts(raw: Path, export: str) -> pl.DataFrame:
    paths = sorted((raw / export / f"export_date={DAY}").glob("*.parquet"))
    return pl.concat([pl.read_parquet(path) for path in paths], how="diagonal_relaxed")


def _contract_columns(frame: pl.DataFrame, export: str) -> pl.DataFrame:
    return frame.select(CONTRACT[export].column_names).sort(CONTRACT[export].primary_key)


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pl.DataFrame, pl.DataFrame]:
    root = tmp_path_factory.mktemp("canonical")
    path = _land_canonical(root / "landing", CANONICAL_CONTACTS)
    load_export_day(CONTRACT["contacts"], root / "landing", root / "raw", DAY)
    rejected = pl.read_parquet(layout.rejects_partition(root / "raw", "contacts", DAY))
    return path, _loaded(root / "raw", "contacts"), rejected


@pytest.mark.parametrize(
    ("style", "suffix"), [(0, ".csv"), (1, ".csv"), (2, ".csv"), (0, ".xlsx"), (2, ".xlsx")]
)
def test_hubspot_contacts_in_every_header_style_load_like_the_canonical_file(
    tmp_path: Path, canonical: tuple[Path, pl.DataFrame, pl.DataFrame], style: int, suffix: str
) -> None:
    source, expected, expected_rejects = canonical
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    vendor_file = landing / DAY.isoformat() / f"hubspot-crm-exports-all-contacts-2026-09-01{suffix}"
    fixtures.write_table(fixtures.hubspot_contacts(source, style), vendor_file)

    [result] = load_vendor_exports(CONTRACT["contacts"], landing, raw, DAY)

    assert result.source_format == "hubspot_contacts"
    assert (result.rows_in, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    loaded = _loaded(raw, "contacts", result.part)
    assert _contract_columns(loaded, "contacts").equals(_contract_columns(expected, "contacts"))
    rejects = pl.read_parquet(layout.rejects_partition(raw, "contacts", DAY, result.part))
    assert rejects["_reject_reason"].to_list() == expected_rejects["_reject_reason"].to_list()
    assert rejects["_row_number"].to_list() == [5]
    # HubSpot columns the contract has no place for stay as custom properties, named from their headers.
    extras = {"last_activity_date", "first_conversion", "first_conversion_date", "associated_deal_ids"}
    if style == 1:
        extras = {
            "notes_last_updated",
            "first_conversion_event_name",
            "first_conversion_date",
            "associated_deal_ids",
        }
    if style == 2:
        extras = {
            "datum_der_letzten_aktivität",
            "erste_conversion",
            "datum_der_ersten_conversion",
            "zugeordnete_deal_ids",
        }
    assert extras <= set(loaded.columns)
    assert set(result.extra_columns) == extras


def test_labels_are_translated_and_the_first_associated_company_is_used(tmp_path: Path) -> None:
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    day_dir = landing / DAY.isoformat()
    day_dir.mkdir(parents=True)
    (day_dir / "contacts-de.csv").write_text(
        "Datensatz-ID;E-Mail;Lifecycle-Phase;Ursprüngliche Quelle;Marketingkontaktstatus;Datensatzquelle;"
        "Zugeordnete Unternehmens-IDs;Erstellungsdatum;Lieblingsfarbe\n"
        "1;a@x.de;Marketing-qualifizierter Lead;Bezahlte Social Media;Kein Marketingkontakt;Formulare;"
        '"77; 78";31.08.2026 10:00;blau\n'
        "2;b@x.de;ABONNENT;Direkter Traffic;Marketingkontakt;CRM-Benutzeroberfläche;;31.08.2026 11:00;\n",
        encoding="utf-8",
    )
    [result] = load_vendor_exports(CONTRACT["contacts"], landing, raw, DAY)
    rows = _loaded(raw, "contacts", result.part).sort("contact_id").to_dicts()
    assert [
        (
            r["lifecycle_stage"],
            r["original_source"],
            r["marketing_opt_out"],
            r["created_via"],
            r["company_id"],
        )
        for r in rows
    ] == [
        ("marketingqualifiedlead", "PAID_SOCIAL", True, "form", "77"),
        ("subscriber", "DIRECT_TRAFFIC", False, "manual", None),
    ]
    # No "Last Modified Date" column: the create date stands in for the required updated_at.
    assert [r["updated_at"] for r in rows] == [dt.datetime(2026, 8, 31, 10), dt.datetime(2026, 8, 31, 11)]
    assert [r["lieblingsfarbe"] for r in rows] == ["blau", None]


def test_hubspot_companies_and_deals_are_detected_and_loaded(tmp_path: Path) -> None:
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    day_dir = landing / DAY.isoformat()
    day_dir.mkdir(parents=True)
    (day_dir / "companies.xlsx.csv").write_text(
        "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Create Date,"
        'Last Modified Date,crm_in_use\n7,Acme,acme.com,IT,120,"1,500,000",2026-01-01,2026-08-01,none\n',
        encoding="utf-8",
    )
    (day_dir / "deals.tsv.csv").write_text(
        "hs_object_id\tdealname\tdealstage\tamount\tdeal_currency_code\tcreatedate\tclosedate\t"
        "hs_is_closed\ths_is_closed_won\tAssociated Company IDs\tAssociated Contact IDs\n"
        "9\tBig deal\tclosedwon\t1000.5\tEUR\t2026-07-01\t2026-08-15\ttrue\ttrue\t7;8\t101\n",
        encoding="utf-8",
    )
    formats = {table.relative_path: table.vendor_format.name for table in day_vendor_tables(landing, DAY)}
    assert formats == {"companies.xlsx.csv": "hubspot_companies", "deals.tsv.csv": "hubspot_deals"}

    [company] = load_vendor_exports(CONTRACT["companies"], landing, raw, DAY)
    [deal] = load_vendor_exports(CONTRACT["deals"], landing, raw, DAY)
    assert load_vendor_exports(CONTRACT["contacts"], landing, raw, DAY) == []
    company_row = _loaded(raw, "companies", company.part).to_dicts()[0]
    assert (company_row["name"], company_row["employee_count"], company_row["annual_revenue"]) == (
        "Acme",
        120,
        1.5e6,
    )
    assert company_row["crm_in_use"] == "none"
    deal_row = _loaded(raw, "deals", deal.part).to_dicts()[0]
    assert (deal_row["company_id"], deal_row["contact_id"], deal_row["is_won"]) == ("7", "101", True)
    assert "dealname" in deal_row  # the deal name has no contract column: a custom property


MEMBER = {"MEMBER_RATING": "2", "LAST_CHANGED": "2026-08-30 12:00:00", "TAGS": '"Webinar"'}


def _mailchimp_landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    fixtures.write_mailchimp_zip(
        landing / DAY.isoformat() / "members_export_3f9a.zip",
        subscribed=[
            {
                **MEMBER,
                "Email Address": "sub@x.com",
                "First Name": "Sue",
                "OPTIN_TIME": "2026-08-01 10:00:00",
                "LEID": "11",
            },
            {**MEMBER, "Email Address": "noid@x.com", "CONFIRM_TIME": "2026-08-02 10:00:00"},
        ],
        unsubscribed=[
            {
                **MEMBER,
                "Email Address": "gone@x.com",
                "OPTIN_TIME": "2026-07-01 10:00:00",
                "LEID": "12",
                "UNSUB_TIME": "2026-08-20 08:00:00",
                "UNSUB_CAMPAIGN_TITLE": "August news",
                "UNSUB_CAMPAIGN_ID": "c8",
                "UNSUB_REASON": "Too many emails",
            },
        ],
        cleaned=[
            {
                **MEMBER,
                "Email Address": "bounced@x.com",
                "OPTIN_TIME": "2026-07-02 10:00:00",
                "LEID": "13",
                "CLEAN_TIME": "2026-08-21 09:00:00",
                "CLEAN_CAMPAIGN_TITLE": "August news",
                "CLEAN_CAMPAIGN_ID": "c8",
            },
        ],
    )
    return landing


def test_a_mailchimp_zip_becomes_contacts_with_consent_and_bounce_events(tmp_path: Path) -> None:
    landing, raw = _mailchimp_landing(tmp_path), tmp_path / "raw"
    formats = sorted(table.vendor_format.name for table in day_vendor_tables(landing, DAY))
    assert formats == ["mailchimp_cleaned", "mailchimp_subscribed", "mailchimp_unsubscribed"]

    contact_results = load_vendor_exports(CONTRACT["contacts"], landing, raw, DAY)
    event_results = load_vendor_exports(CONTRACT["email_events"], landing, raw, DAY)
    assert sum(result.rows_loaded for result in contact_results) == 4
    assert [(r.source_format, r.rows_in, r.rows_loaded) for r in event_results] == [
        ("mailchimp_cleaned", 1, 1),
        ("mailchimp_unsubscribed", 1, 1),
    ]
    contacts = _all_parts(raw, "contacts").sort("email")
    assert contacts.select("contact_id", "email", "marketing_opt_out", "created_at").rows() == [
        ("mailchimp:13", "bounced@x.com", None, dt.datetime(2026, 7, 2, 10)),
        ("mailchimp:12", "gone@x.com", True, dt.datetime(2026, 7, 1, 10)),
        ("mailchimp:noid@x.com", "noid@x.com", None, dt.datetime(2026, 8, 2, 10)),
        ("mailchimp:11", "sub@x.com", None, dt.datetime(2026, 8, 1, 10)),
    ]
    assert contacts.filter(pl.col("email") == "gone@x.com")["unsub_reason"].to_list() == ["Too many emails"]
    events = _all_parts(raw, "email_events").sort("event_type")
    assert events.select("email", "event_type", "bounce_type", "campaign_id", "occurred_at").rows() == [
        ("bounced@x.com", "bounce", "hard", "c8", dt.datetime(2026, 8, 21, 9)),
        ("gone@x.com", "unsubscribe", None, "c8", dt.datetime(2026, 8, 20, 8)),
    ]
    assert events["_source_file"].to_list() == [
        "2026-09-01/members_export_3f9a.zip!cleaned_members_export_3f9a.csv",
        "2026-09-01/members_export_3f9a.zip!unsubscribed_members_export_3f9a.csv",
    ]


def test_replaying_a_day_without_the_vendor_file_removes_what_it_loaded(tmp_path: Path) -> None:
    landing, raw = _mailchimp_landing(tmp_path), tmp_path / "raw"
    load_vendor_exports(CONTRACT["email_events"], landing, raw, DAY)
    assert len(list((raw / "email_events" / f"export_date={DAY}").glob("*.parquet"))) == 2
    again = load_vendor_exports(CONTRACT["email_events"], landing, raw, DAY)
    assert len(list((raw / "email_events" / f"export_date={DAY}").glob("*.parquet"))) == 2 == len(again)

    (landing / DAY.isoformat() / "members_export_3f9a.zip").unlink()
    assert load_vendor_exports(CONTRACT["email_events"], landing, raw, DAY) == []
    assert not list(raw.glob("**/*.parquet"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("export.csv", "Name,Value\na,1\n", r"match no known export format \(found: name, value\)"),
        ("export.csv", "Name,Value\na,1\n", r'hubspot_contacts \(HubSpot contacts export\): "Record ID" / '),
        ("notes.txt", "hello", r"notes.txt: not a landing file"),
        (
            "hubspot_contacts/contacts.csv",
            "Record ID,Email\n1,a@x.com\n",
            r'named as hubspot_contacts but lacks the column\(s\) "Create Date"',
        ),
        ("salesforce/contacts.csv", "Id,Email\n1,a@x.com\n", r"'salesforce' is neither a vendor format"),
        (
            "hubspot/export.csv",
            "Record ID,Email,Create Date,Deal Stage\n1,a@x.com,2026-01-01,x\n",
            r"export.csv: the headers fit several formats \(hubspot_contacts, hubspot_deals\)",
        ),
    ],
)
def test_unrecognized_vendor_files_fail_the_day_saying_what_was_expected(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / "landing" / DAY.isoformat() / name
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LandingFileError, match=message) as error:
        day_vendor_tables(tmp_path / "landing", DAY)
    assert str(error.value).startswith(f"{DAY.isoformat()}/")


def test_a_folder_or_the_day_settings_name_the_format(tmp_path: Path) -> None:
    day_dir = tmp_path / "landing" / DAY.isoformat()
    (day_dir / "hubspot").mkdir(parents=True)
    # "Email" would also fit hubspot_companies' absent-list; the vendor folder narrows detection to HubSpot.
    (day_dir / "hubspot" / "export.csv").write_text("Record ID,Email,Create Date\n1,a@x.com,2026-01-01\n")
    (day_dir / "plain.csv").write_text("Record ID,Email,Create Date,Deal Stage\n1,a@x.com,2026-01-01,x\n")
    (day_dir / SETTINGS_FILE).write_text("files:\n  plain.csv: {format: hubspot_contacts}\n")
    tables = day_vendor_tables(tmp_path / "landing", DAY)
    assert {table.relative_path: table.vendor_format.name for table in tables} == {
        "hubspot/export.csv": "hubspot_contacts",
        "plain.csv": "hubspot_contacts",
    }


def test_a_vendor_file_missing_a_required_column_fails_naming_the_headers_it_needs(tmp_path: Path) -> None:
    day_dir = tmp_path / "landing" / DAY.isoformat()
    day_dir.mkdir(parents=True)
    (day_dir / "members.csv").write_text("Email Address,MEMBER_RATING,UNSUB_TIME\na@x.com,2,2026-08-01\n")
    expected = (
        r'no column for contacts.created_at \(expected "OPTIN_TIME"; or "CONFIRM_TIME"; or "LAST_CHANGED"\)'
    )
    with pytest.raises(LandingFileError, match=expected):
        load_vendor_exports(CONTRACT["contacts"], tmp_path / "landing", tmp_path / "raw", DAY)
