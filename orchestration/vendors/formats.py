"""Vendor formats: YAML column maps (`vendor_formats/*.yml`) read and checked against the landing contract."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from orchestration.landing.contract import ExportSpec
from orchestration.landing.reader import normalize_column_name


class VendorFormatError(ValueError):
    """A vendor format definition is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class ValueSource:
    """One way to fill a landing column for a row: a field (optionally the first item of a list), a
    constant, or a template over fields. A column's sources are tried in order; the first non-empty wins."""

    field: str | None = None
    split: str | None = None
    value: str | None = None
    template: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        if self.field:
            return (self.field,)
        if self.template:
            return tuple(name for _, name, _, _ in string.Formatter().parse(self.template) if name)
        return ()


@dataclass(frozen=True)
class Output:
    export: str
    columns: dict[str, tuple[ValueSource, ...]]
    custom_properties: bool = True


@dataclass(frozen=True)
class VendorFormat:
    name: str
    vendor: str
    description: str
    detect: tuple[str, ...]
    absent: tuple[str, ...]
    headers: dict[str, tuple[str, ...]]  # field -> header aliases as written in the YAML
    values: dict[str, dict[str, str]]  # field -> {value_key(label): landing value}
    outputs: tuple[Output, ...]
    defined_in: Path

    @cached_property
    def field_by_column(self) -> dict[str, str]:
        """Normalized header -> field."""
        return {
            normalize_column_name(alias): field
            for field, aliases in self.headers.items()
            for alias in aliases
        }

    def expected_headers(self, field: str) -> str:
        return " / ".join(f'"{alias}"' for alias in self.headers[field])


# Labels compare without case, spaces and punctuation ('Marketing-qualifizierter Lead' = 'marketing
# qualifizierter lead'): value_key for the YAML's labels, the same pattern on the file's values in convert.
VALUE_KEY_IGNORED = r"[\W_]+"


def value_key(label: str) -> str:
    return re.sub(VALUE_KEY_IGNORED, "", label.lower())


def _source(raw: Any, where: str) -> ValueSource:
    if isinstance(raw, str):
        return ValueSource(field=raw)
    if isinstance(raw, dict) and raw.keys() <= {"field", "split"} and "field" in raw:
        return ValueSource(field=str(raw["field"]), split=str(raw["split"]) if "split" in raw else None)
    if isinstance(raw, dict) and raw.keys() == {"value"}:
        return ValueSource(value=str(raw["value"]))
    if isinstance(raw, dict) and raw.keys() == {"template"}:
        return ValueSource(template=str(raw["template"]))
    raise VendorFormatError(
        f"{where}: expected a field name, a list of them, {{field, split}}, {{value}} or {{template}}; "
        f"got {raw!r}"
    )


def _sources(raw: Any, where: str) -> tuple[ValueSource, ...]:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise VendorFormatError(f"{where}: empty list")
    return tuple(_source(item, where) for item in items)


def _output(raw: Any, where: str, contract: dict[str, ExportSpec], fields: set[str]) -> Output:
    if not isinstance(raw, dict) or "export" not in raw or "columns" not in raw:
        raise VendorFormatError(f"{where}: an output needs 'export' and 'columns'")
    export = raw["export"]
    if export not in contract:
        raise VendorFormatError(f"{where}: unknown export {export!r} (known: {', '.join(contract)})")
    spec = contract[export]
    columns: dict[str, tuple[ValueSource, ...]] = {}
    for column, sources in (raw["columns"] or {}).items():
        if column not in spec.column_names:
            raise VendorFormatError(
                f"{where}.columns.{column}: {export} has no column {column!r} "
                f"(it has: {', '.join(spec.column_names)})"
            )
        columns[column] = _sources(sources, f"{where}.columns.{column}")
        unknown = {name for source in columns[column] for name in source.fields} - fields
        if unknown:
            raise VendorFormatError(
                f"{where}.columns.{column}: unknown field(s) {sorted(unknown)}; declare them under headers"
            )
    unmapped = [name for name in spec.required_columns if name not in columns]
    if unmapped:
        raise VendorFormatError(f"{where}: required {export} column(s) {', '.join(unmapped)} have no mapping")
    return Output(export=export, columns=columns, custom_properties=bool(raw.get("custom_properties", True)))


def _format(raw: Any, vendor: str, path: Path, index: int, contract: dict[str, ExportSpec]) -> VendorFormat:
    where = f"{path.name}: formats[{index}]"
    if not isinstance(raw, dict):
        raise VendorFormatError(f"{where}: expected a mapping")
    missing = {"name", "detect", "headers", "outputs"} - raw.keys()
    if missing:
        raise VendorFormatError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    where = f"{path.name}: {raw['name']}"
    headers = {
        str(field): tuple(str(alias) for alias in aliases) for field, aliases in raw["headers"].items()
    }
    seen: dict[str, str] = {}
    for field, aliases in headers.items():
        for alias in aliases:
            other = seen.setdefault(normalize_column_name(alias), field)
            if other != field:
                raise VendorFormatError(f"{where}: header {alias!r} is listed for both {other} and {field}")
    fields = set(headers)
    for key in ("detect", "absent"):
        unknown = set(raw.get(key) or []) - fields
        if unknown:
            raise VendorFormatError(f"{where}.{key}: unknown field(s) {sorted(unknown)}")
    values = {}
    for field, mapping in (raw.get("values") or {}).items():
        if field not in fields:
            raise VendorFormatError(f"{where}.values: unknown field {field!r}")
        values[field] = {value_key(str(label)): str(value) for label, value in mapping.items()}
    outputs = tuple(
        _output(output, f"{where}.outputs[{position}]", contract, fields)
        for position, output in enumerate(raw["outputs"] or [])
    )
    if not outputs:
        raise VendorFormatError(f"{where}: no outputs")
    return VendorFormat(
        name=str(raw["name"]),
        vendor=vendor,
        description=str(raw.get("description", raw["name"])),
        detect=tuple(raw["detect"]),
        absent=tuple(raw.get("absent") or ()),
        headers=headers,
        values=values,
        outputs=outputs,
        defined_in=path,
    )


def parse_formats_file(path: Path, contract: dict[str, ExportSpec]) -> list[VendorFormat]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict) or "vendor" not in document or "formats" not in document:
        raise VendorFormatError(f"{path.name}: expected the keys 'vendor' and 'formats'")
    vendor = str(document["vendor"])
    return [_format(raw, vendor, path, index, contract) for index, raw in enumerate(document["formats"])]


@cache
def load_formats(formats_dir: Path, models_dir: Path) -> dict[str, VendorFormat]:
    """Every vendor format, keyed by name."""
    from orchestration.landing.contract import load_contract

    contract = load_contract(models_dir)
    formats: dict[str, VendorFormat] = {}
    for path in sorted(formats_dir.glob("*.yml")):
        for vendor_format in parse_formats_file(path, contract):
            if vendor_format.name in formats or vendor_format.name in contract:
                raise VendorFormatError(f"{path.name}: format name {vendor_format.name!r} is already taken")
            formats[vendor_format.name] = vendor_format
    return formats
