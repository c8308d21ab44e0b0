"""Vendor format files are checked against the landing contract; `import-vendor` places a checked file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.landing.contract import load_contract
from orchestration.paths import MODELS_DIR, VENDOR_FORMATS_DIR
from orchestration.vendors.formats import VendorFormatError, load_formats, parse_formats_file

CONTRACT = load_contract(MODELS_DIR)
VALID = """
vendor: acme
formats:
  - name: acme_people
    detect: [id, created]
    headers: {id: [Person ID], created: [Created On], colour: [Colour]}
    outputs:
      - export: contacts
        columns: {contact_id: id, created_at: created, updated_at: created}
"""


def test_the_shipped_formats_are_valid() -> None:
    formats = load_formats(VENDOR_FORMATS_DIR, MODELS_DIR)
    assert {"hubspot_contacts", "hubspot_companies", "hubspot_deals", "mailchimp_subscribed"} <= set(formats)
    for name in ("mailchimp_unsubscribed", "mailchimp_cleaned"):
        assert [output.export for output in formats[name].outputs] == ["contacts", "email_events"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("export: contacts", "export: people"), r"unknown export 'people'"),
        (("contact_id: id,", "contact_id: id, shoe_size: colour,"), r"contacts has no column 'shoe_size'"),
        (("contact_id: id,", "contact_id: idx,"), r"columns.contact_id: unknown field\(s\) \['idx'\]"),
        (("contact_id: id,", ""), r"required contacts column\(s\) contact_id have no mapping"),
        (("colour: [Colour]", "colour: [person id]"), r"header 'person id' is listed for both id and colour"),
        (("detect: [id, created]", "detect: [id, age]"), r"detect: unknown field\(s\) \['age'\]"),
        (("contact_id: id,", "contact_id: {field: id, cut: 3},"), r"expected a field name, a list of them"),
    ],
)
def test_invalid_format_files_fail_naming_file_format_and_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "acme.yml"
    path.write_text(VALID.replace(*change), encoding="utf-8")
    with pytest.raises(VendorFormatError, match=message) as error:
        parse_formats_file(path, CONTRACT)
    assert str(error.value).startswith("acme.yml: acme_people")


def test_import_vendor_checks_the_file_and_places_it_for_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hubspot-crm-exports-all-contacts.csv"
    export.write_bytes("Record ID;Email;Create Date;Stadt\n1;a@x.de;2026-08-01;Łódź\n".encode("cp1250"))
    landing = tmp_path / "landing"
    args = ["import-vendor", str(export), "--landing", str(landing), "--date", "2026-09-01"]

    assert main(args) == 1
    assert "not valid UTF-8 at line 2" in capsys.readouterr().err
    assert main([*args, "--encoding", "cp1250"]) == 0
    output = capsys.readouterr().out
    assert "hubspot_contacts -> contacts: 1 rows" in output
    placed = landing / dt.date(2026, 9, 1).isoformat() / "hubspot" / export.name
    assert placed.read_bytes() == export.read_bytes()
    settings = (placed.parent.parent / "_landing.yml").read_text(encoding="utf-8")
    assert "hubspot/hubspot-crm-exports-all-contacts.csv" in settings and "cp1250" in settings

    assert main([*args, "--encoding", "cp1250", "--format", "mailchimp_cleaned"]) == 1
    assert "named as mailchimp_cleaned but lacks" in capsys.readouterr().err
