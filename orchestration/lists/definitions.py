"""Parsing and validating `lists.yml` into plain rows for dbt.

A list has a name, a description, a kind (`static`: filled once, kept until its `refresh` value
changes; `active`: re-evaluated every build), `marketing: true` when it may only hold marketing contacts,
and `filters`: `{all: [...]}` or `{any: [...]}` whose items are conditions `{field, operator, value}` or one
level of nested `{all: [...]}` / `{any: [...]}` groups of conditions.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from orchestration.lists.fields import FieldType, field_type

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
KINDS = ("static", "active")

# operator -> (base operator evaluated in SQL, negated?, value shape)
OPERATORS: dict[str, tuple[str, bool, str]] = {
    "=": ("eq", False, "one"),
    "!=": ("eq", True, "one"),
    "in": ("eq", False, "many"),
    "not in": ("eq", True, "many"),
    ">": ("gt", False, "one"),
    ">=": ("ge", False, "one"),
    "<": ("lt", False, "one"),
    "<=": ("le", False, "one"),
    "between": ("between", False, "pair"),
    "contains": ("contains", False, "one"),
    "is null": ("has_value", True, "none"),
    "is not null": ("has_value", False, "none"),
    "within last days": ("within", False, "days"),
    "not within last days": ("within", True, "days"),
}
ALLOWED: dict[FieldType, set[str]] = {
    "text": {"=", "!=", "in", "not in", "contains", "is null", "is not null"},
    "boolean": {"=", "!=", "is null", "is not null"},
    "number": {"=", "!=", "in", "not in", ">", ">=", "<", "<=", "between", "is null", "is not null"},
    "date": {
        "=", "!=", ">", ">=", "<", "<=", "between", "is null", "is not null",
        "within last days", "not within last days",
    },
    "membership": {"=", "!=", "in", "not in"},
}  # fmt: skip

CONDITION_SCHEMA = {
    "list_name": pl.String,
    "group_id": pl.Int64,
    "group_match": pl.String,
    "condition_id": pl.String,
    "value_index": pl.Int64,
    "field": pl.String,
    "operator": pl.String,
    "base_operator": pl.String,
    "is_negated": pl.Boolean,
    "value_text": pl.String,
    "value_number": pl.Float64,
    "value_date": pl.Date,
    "value_number_to": pl.Float64,
    "value_date_to": pl.Date,
}


class ListDefinitionError(ValueError):
    """lists.yml is invalid; the message names the list and the filter."""


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Group:
    match: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class ContactList:
    name: str
    description: str
    kind: str
    marketing: bool
    match: str
    groups: tuple[Group, ...]
    refresh: str


def _typed(value: Any, kind: FieldType, where: str) -> Any:
    if kind in ("text", "membership"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ListDefinitionError(f"{where}: expected text, got {value!r}")
        return str(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ListDefinitionError(f"{where}: expected true or false, got {value!r}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ListDefinitionError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ListDefinitionError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}") from None


def _condition(raw: Any, where: str) -> Condition:
    if (
        not isinstance(raw, dict)
        or set(raw) - {"field", "operator", "value"}
        or not {"field", "operator"} <= set(raw)
    ):
        raise ListDefinitionError(f"{where}: a condition is {{field, operator, value}}, got {raw!r}")
    field, operator = str(raw["field"]), str(raw["operator"]).strip().lower()
    kind = field_type(field)
    if kind is None:
        raise ListDefinitionError(
            f"{where}: unknown field {field!r} (a dim_contacts column, tag or segment.<family>)"
        )
    if operator not in OPERATORS:
        raise ListDefinitionError(f"{where}: unknown operator {operator!r} (one of {', '.join(OPERATORS)})")
    if operator not in ALLOWED[kind]:
        raise ListDefinitionError(f"{where}: operator {operator!r} does not apply to {kind} field {field!r}")
    shape = OPERATORS[operator][2]
    value = raw.get("value")
    where = f"{where} ({field} {operator})"
    if shape == "none":
        if value is not None:
            raise ListDefinitionError(f"{where}: takes no value")
        return Condition(field, operator, ())
    if shape == "many":
        if not isinstance(value, list) or not value:
            raise ListDefinitionError(f"{where}: expected a non-empty list of values")
        return Condition(field, operator, tuple(_typed(item, kind, where) for item in value))
    if shape == "pair":
        if not isinstance(value, list) or len(value) != 2:
            raise ListDefinitionError(f"{where}: expected [low, high]")
        low, high = (_typed(item, kind, where) for item in value)
        if low > high:
            raise ListDefinitionError(f"{where}: low {low} is above high {high}")
        return Condition(field, operator, (low, high))
    if shape == "days":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ListDefinitionError(f"{where}: expected a whole number of days >= 1, got {value!r}")
        return Condition(field, operator, (value,))
    if value is None or isinstance(value, list | dict):
        raise ListDefinitionError(f"{where}: expected one value, got {value!r}")
    return Condition(field, operator, (_typed(value, kind, where),))


def _match(raw: Any, where: str) -> tuple[str, list[Any]]:
    if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in ("all", "any"):
        raise ListDefinitionError(f"{where}: filters are {{all: [...]}} or {{any: [...]}}")
    match, items = next(iter(raw.items()))
    if not isinstance(items, list) or not items:
        raise ListDefinitionError(f"{where}: '{match}' needs a non-empty list")
    return match, items


def _groups(filters: Any, where: str) -> tuple[str, tuple[Group, ...]]:
    match, items = _match(filters, f"{where}: filters")
    groups = []
    for index, item in enumerate(items, start=1):
        item_where = f"{where}: filter {index}"
        if isinstance(item, dict) and set(item) <= {"all", "any"} and len(item) == 1:
            inner_match, inner = _match(item, item_where)
            conditions = []
            for inner_index, raw in enumerate(inner, start=1):
                if isinstance(raw, dict) and set(raw) & {"all", "any"}:
                    raise ListDefinitionError(f"{item_where}.{inner_index}: groups nest one level only")
                conditions.append(_condition(raw, f"{item_where}.{inner_index}"))
            groups.append(Group(inner_match, tuple(conditions)))
        else:
            groups.append(Group("all", (_condition(item, item_where),)))
    return match, tuple(groups)


def parse_lists(document: Any, source: str = "lists.yml") -> list[ContactList]:
    if not isinstance(document, dict) or not isinstance(document.get("lists"), list):
        raise ListDefinitionError(f"{source}: expected a top-level 'lists:' sequence")
    lists, seen = [], set()
    for position, raw in enumerate(document["lists"], start=1):
        if not isinstance(raw, dict):
            raise ListDefinitionError(f"{source}: list {position} is not a mapping")
        name = str(raw.get("name", ""))
        where = f"{source}: list {name or position!r}"
        if not NAME.match(name):
            raise ListDefinitionError(f"{where}: name must be lower_snake_case (a-z, 0-9, _), got {name!r}")
        if name in seen:
            raise ListDefinitionError(f"{where}: declared twice")
        seen.add(name)
        unknown = set(raw) - {"name", "description", "kind", "marketing", "filters", "refresh"}
        if unknown:
            raise ListDefinitionError(f"{where}: unknown keys {sorted(unknown)}")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ListDefinitionError(f"{where}: kind must be static or active, got {kind!r}")
        marketing = raw.get("marketing", False)
        if not isinstance(marketing, bool):
            raise ListDefinitionError(f"{where}: marketing must be true or false")
        match, groups = _groups(raw.get("filters"), where)
        lists.append(
            ContactList(
                name=name,
                description=str(raw.get("description", "")),
                kind=kind,
                marketing=marketing,
                match=match,
                groups=groups,
                refresh=str(raw.get("refresh", "")),
            )
        )
    return lists


def load_lists(path: Path) -> list[ContactList]:
    if not path.exists():
        return []
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ListDefinitionError(f"{path}: not valid YAML: {error}") from None
    return parse_lists(document, str(path))


def definitions_frame(lists: list[ContactList]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (item.name, item.description, item.kind, item.marketing, item.match, item.refresh)
            for item in lists
        ],
        schema={
            "list_name": pl.String,
            "description": pl.String,
            "kind": pl.String,
            "is_marketing": pl.Boolean,
            "list_match": pl.String,
            "refresh_token": pl.String,
        },
        orient="row",
    )


def _value_columns(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"value_text": "true" if value else "false"}
    if isinstance(value, float):
        return {"value_number": value}
    if isinstance(value, int):
        return {"value_number": float(value)}
    if isinstance(value, dt.date):
        return {"value_date": value}
    return {"value_text": value}


def conditions_frame(lists: list[ContactList]) -> pl.DataFrame:
    """One row per condition value (an `in` list gives one row per value)."""
    rows = []
    for item in lists:
        for group_id, group in enumerate(item.groups, start=1):
            for number, condition in enumerate(group.conditions, start=1):
                base, negated, shape = OPERATORS[condition.operator]
                common = {
                    "list_name": item.name,
                    "group_id": group_id,
                    "group_match": group.match,
                    "condition_id": f"{item.name}:{group_id}:{number}",
                    "field": condition.field,
                    "operator": condition.operator,
                    "base_operator": base,
                    "is_negated": negated,
                }
                if shape == "pair":
                    low, high = (_value_columns(value) for value in condition.values)
                    values = [{**low, **{f"{key}_to": value for key, value in high.items()}}]
                else:
                    values = [_value_columns(value) for value in condition.values] or [{}]
                for index, value in enumerate(values, start=1):
                    rows.append({**common, "value_index": index, **value})
    return pl.DataFrame(rows, schema=CONDITION_SCHEMA) if rows else pl.DataFrame(schema=CONDITION_SCHEMA)
