"""lists.yml and tag_rules.csv validation: good definitions become typed condition rows; every bad one fails
with a message naming the list and the filter."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from orchestration.lists import ListDefinitionError, conditions_frame, definitions_frame, load_lists
from orchestration.lists.definitions import parse_lists
from orchestration.lists.tag_rules import load_tag_rules
from orchestration.paths import DEFAULT_LISTS_FILE


def one_list(filters: object, **extra: object) -> dict:
    return {"lists": [{"name": "my_list", "kind": "active", "filters": filters, **extra}]}


def test_the_bundled_lists_and_tag_rules_are_valid() -> None:
    lists = load_lists(DEFAULT_LISTS_FILE)
    assert {item.name for item in lists} >= {"warm_leads_poland_forms_90d", "customers_no_purchase_180d"}
    rules = load_tag_rules()
    assert "tag:#Poland" in {item.name for item in rules}


def test_conditions_become_typed_rows_one_per_value() -> None:
    document = one_list(
        {
            "all": [
                {"field": "country", "operator": "in", "value": ["PL", "DE"]},
                {"field": "created_at", "operator": "between", "value": ["2026-01-01", "2026-03-31"]},
                {"any": [
                    {"field": "lead_score", "operator": ">=", "value": 30},
                    {"field": "tag", "operator": "=", "value": "#VIP"},
                ]},
                {"field": "email", "operator": "is null"},
                {"field": "is_customer", "operator": "=", "value": False},
            ]
        },
        marketing=True,
    )  # fmt: skip
    lists = parse_lists(document)
    rows = conditions_frame(lists).to_dicts()
    assert [(row["condition_id"], row["value_index"], row["value_text"]) for row in rows[:2]] == [
        ("my_list:1:1", 1, "PL"),
        ("my_list:1:1", 2, "DE"),
    ]
    between = rows[2]
    assert (between["base_operator"], between["value_date"], between["value_date_to"]) == (
        "between",
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )
    assert [(row["group_id"], row["group_match"], row["value_number"]) for row in rows[3:5]] == [
        (3, "any", 30.0),
        (3, "any", None),
    ]
    assert (rows[5]["base_operator"], rows[5]["is_negated"]) == ("has_value", True)
    assert rows[6]["value_text"] == "false"
    assert definitions_frame(lists).row(0, named=True)["is_marketing"] is True


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"all": [{"field": "favourite_colour", "operator": "=", "value": "red"}]},
            "unknown field 'favourite_colour'",
        ),
        ({"all": [{"field": "country", "operator": "like", "value": "P%"}]}, "unknown operator 'like'"),
        (
            {"all": [{"field": "country", "operator": ">", "value": "PL"}]},
            "does not apply to text field 'country'",
        ),
        (
            {"all": [{"field": "lead_score", "operator": ">=", "value": "thirty"}]},
            "expected a number, got 'thirty'",
        ),
        ({"all": [{"field": "created_at", "operator": ">", "value": "yesterday"}]}, "expected a date"),
        (
            {"all": [{"field": "created_at", "operator": "within last days", "value": 0}]},
            "whole number of days",
        ),
        ({"all": [{"field": "country", "operator": "in", "value": "PL"}]}, "non-empty list"),
        (
            {"all": [{"field": "lead_score", "operator": "between", "value": [50, 10]}]},
            "low 50.0 is above high 10.0",
        ),
        ({"all": [{"field": "email", "operator": "is null", "value": "x"}]}, "takes no value"),
        (
            {"all": [{"any": [{"all": [{"field": "country", "operator": "=", "value": "PL"}]}]}]},
            "one level only",
        ),
        ({"some": []}, "filters are {all: [...]} or {any: [...]}"),
        (
            {"all": [{"field": "country; drop table marts.dim_contacts", "operator": "=", "value": "PL"}]},
            "unknown field",
        ),
        ({"all": [{"field": "segment.Persona", "operator": "=", "value": "x"}]}, "unknown field"),
        (
            {"all": [{"field": "tag", "operator": "contains", "value": "#V"}]},
            "does not apply to membership field",
        ),
    ],
)
def test_bad_filters_fail_naming_the_list_and_filter(filters: object, message: str) -> None:
    with pytest.raises(ListDefinitionError) as error:
        parse_lists(one_list(filters), "lists.yml")
    assert "list 'my_list'" in str(error.value)
    assert message in str(error.value)


def test_list_level_mistakes_are_named() -> None:
    good = {"field": "country", "operator": "=", "value": "PL"}
    cases = [
        ({"lists": [{"name": "Bad Name", "kind": "active", "filters": {"all": [good]}}]}, "lower_snake_case"),
        (
            {"lists": [{"name": "x", "kind": "dynamic", "filters": {"all": [good]}}]},
            "kind must be static or active",
        ),
        (
            {"lists": [{"name": "x", "kind": "active", "filters": {"all": [good]}, "owner": "me"}]},
            "unknown keys",
        ),
        (
            {"lists": [{"name": "x", "kind": "active", "marketing": "yes", "filters": {"all": [good]}}]},
            "true or false",
        ),
        ({"lists": [{"name": "x", "kind": "active", "filters": {"all": [good]}}] * 2}, "declared twice"),
        ({"list": []}, "top-level 'lists:'"),
    ]
    for document, message in cases:
        with pytest.raises(ListDefinitionError, match=message):
            parse_lists(document)


def test_an_injection_attempt_in_a_value_stays_a_value() -> None:
    """A value is data in a typed column: the quote and SQL in it reach the warehouse as text to compare."""
    attack = "PL'; drop table marts.dim_contacts; --"
    rows = conditions_frame(
        parse_lists(one_list({"all": [{"field": "country", "operator": "=", "value": attack}]}))
    ).to_dicts()
    assert rows[0]["value_text"] == attack and rows[0]["field"] == "country"


def test_tag_rules_are_checked_like_filters(tmp_path: Path) -> None:
    taxonomy = tmp_path / "tag_taxonomy.csv"
    taxonomy.write_text("tag,category,description\n#Poland,geography,x\n#Big,other,x\n", encoding="utf-8")
    rules = tmp_path / "tag_rules.csv"
    rules.write_text(
        "tag,field,operator,value\n#Poland,country,=,PL\n#Big,email_sends,>=,10\n", encoding="utf-8"
    )
    loaded = load_tag_rules(rules, taxonomy)
    assert [item.name for item in loaded] == ["tag:#Poland", "tag:#Big"]
    assert conditions_frame(loaded)["value_number"].to_list() == [None, 10.0]
    for body, message in [
        ("#Unknown,country,=,PL", "not in tag_taxonomy.csv"),
        ("#Poland,tag,=,#Big", "cannot depend on tags"),
        ("#Poland,email_sends,>=,lots", "expected a number"),
        ("#Poland,countryy,=,PL", "unknown field"),
    ]:
        rules.write_text(f"tag,field,operator,value\n{body}\n", encoding="utf-8")
        with pytest.raises(ListDefinitionError, match=message) as error:
            load_tag_rules(rules, taxonomy)
        assert "line 2" in str(error.value)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lists.yml"
    path.write_text("lists: [unclosed", encoding="utf-8")
    with pytest.raises(ListDefinitionError, match="not valid YAML"):
        load_lists(path)
    path.write_text(yaml.safe_dump({"lists": []}), encoding="utf-8")
    assert load_lists(path) == []
