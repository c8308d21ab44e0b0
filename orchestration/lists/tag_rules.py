"""Rule tags: `seeds/tag_rules.csv` (tag, field, operator, value; rows of one tag are OR-ed), checked with
the same grammar as list filters and evaluated by the same SQL, as pseudo-lists named `tag:<tag>`."""

import csv
from pathlib import Path
from typing import Any

from orchestration.lists.definitions import (
    OPERATORS,
    Condition,
    ContactList,
    Group,
    ListDefinitionError,
    _condition,
)
from orchestration.lists.fields import field_type
from orchestration.paths import SEEDS_DIR

TAG_LIST_PREFIX = "tag:"


def _typed_text(text: str, field: str, operator: str) -> Any:
    """CSV cells are text: read them as the field's type (the YAML parser does this for lists)."""
    kind = field_type(field)
    shape = OPERATORS.get(operator, ("", False, ""))[2]
    if shape == "none" or text == "":
        return None
    if shape == "days" or kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text  # the validator names the bad value
        return int(number) if shape == "days" and number.is_integer() else number
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def load_tag_rules(
    rules_file: Path = SEEDS_DIR / "tag_rules.csv", taxonomy_file: Path = SEEDS_DIR / "tag_taxonomy.csv"
) -> list[ContactList]:
    with taxonomy_file.open(encoding="utf-8", newline="") as handle:
        known_tags = {row["tag"] for row in csv.DictReader(handle)}
    conditions: dict[str, list[Condition]] = {}
    with rules_file.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{rules_file.name} line {line}"
            tag, field, operator = row["tag"].strip(), row["field"].strip(), row["operator"].strip().lower()
            if tag not in known_tags:
                raise ListDefinitionError(f"{where}: tag {tag!r} is not in {taxonomy_file.name}")
            if field == "tag":
                raise ListDefinitionError(f"{where}: a tag rule cannot depend on tags")
            raw = {"field": field, "operator": operator, "value": _typed_text(row["value"], field, operator)}
            conditions.setdefault(tag, []).append(_condition(raw, f"{where} (tag {tag})"))
    return [
        ContactList(
            name=f"{TAG_LIST_PREFIX}{tag}",
            description=f"rule tag {tag}",
            kind="active",
            marketing=False,
            match="any",
            groups=tuple(Group("all", (condition,)) for condition in tag_conditions),
            refresh="",
        )
        for tag, tag_conditions in conditions.items()
    ]
