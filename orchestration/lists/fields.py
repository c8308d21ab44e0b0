"""Which fields list filters may use, and their types: the columns of the `dim_contacts` contract, plus tag
membership (`tag`) and segment membership (`segment.<family>`)."""

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from orchestration.paths import MODELS_DIR

FieldType = Literal["text", "number", "date", "boolean", "membership"]

CONTRACT_FILE = MODELS_DIR / "marts" / "core" / "_core__models.yml"
SEGMENT_FIELD = re.compile(r"^segment\.([a-z][a-z0-9_]*)$")
_TYPES: dict[str, FieldType] = {
    "string": "text",
    "varchar": "text",
    "boolean": "boolean",
    "bigint": "number",
    "integer": "number",
    "double": "number",
    "date": "date",
    "timestamp": "date",
}


def _field_type(data_type: str) -> FieldType | None:
    base = data_type.lower().split("(")[0].strip()
    return "number" if base == "decimal" else _TYPES.get(base)


@cache
def contact_fields(contract_file: Path = CONTRACT_FILE) -> dict[str, FieldType]:
    document = yaml.safe_load(contract_file.read_text(encoding="utf-8"))
    model = next(model for model in document["models"] if model["name"] == "dim_contacts")
    fields: dict[str, FieldType] = {}
    for column in model["columns"]:
        field_type = _field_type(str(column.get("data_type", "")))
        if field_type:
            fields[column["name"]] = field_type
    return fields


def field_type(field: str) -> FieldType | None:
    if field == "tag" or SEGMENT_FIELD.match(field):
        return "membership"
    return contact_fields().get(field)
