"""The landing contract, read from the dbt source definitions so that dbt and ingest share one copy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

DataType = Literal["varchar", "bigint", "double", "boolean", "date", "timestamp"]
SUPPORTED_TYPES: frozenset[str] = frozenset({"varchar", "bigint", "double", "boolean", "date", "timestamp"})


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    data_type: DataType
    required: bool = False
    accepted_values: tuple[str, ...] | None = None
    future_allowed: bool = False


@dataclass(frozen=True)
class ExportSpec:
    """One export of the landing contract, e.g. `contacts` (a dbt source table in schema raw)."""

    name: str
    source: str
    kind: Literal["snapshot", "event"]
    primary_key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _meta(node: dict[str, Any]) -> dict[str, Any]:
    return {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}


def _column_spec(export: str, column: dict[str, Any]) -> ColumnSpec:
    data_type = column.get("data_type", "varchar")
    if data_type not in SUPPORTED_TYPES:
        raise ValueError(f"{export}.{column['name']}: unsupported data_type {data_type!r}")
    meta = _meta(column)
    accepted = meta.get("accepted_values")
    return ColumnSpec(
        name=column["name"],
        data_type=data_type,
        required=bool(meta.get("required", False)),
        accepted_values=tuple(str(value) for value in accepted) if accepted else None,
        future_allowed=bool(meta.get("future_allowed", False)),
    )


def parse_sources_file(path: Path) -> list[ExportSpec]:
    """Export specs for every source table in one `_<source>__sources.yml` that declares a `kind`."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    specs = []
    for source in document.get("sources", []):
        for table in source.get("tables", []):
            meta = _meta(table)
            if "kind" not in meta:
                continue
            name = table["name"]
            columns = tuple(_column_spec(name, column) for column in table.get("columns", []))
            primary_key = tuple(meta["primary_key"])
            unknown_keys = set(primary_key) - {column.name for column in columns}
            if unknown_keys:
                raise ValueError(f"{path}: {name} primary_key names unknown columns {sorted(unknown_keys)}")
            specs.append(
                ExportSpec(
                    name=name,
                    source=source["name"],
                    kind=meta["kind"],
                    primary_key=primary_key,
                    columns=columns,
                )
            )
    return specs


@cache
def load_contract(models_dir: Path) -> dict[str, ExportSpec]:
    """All exports of the landing contract, keyed by export name, in a stable order."""
    specs: dict[str, ExportSpec] = {}
    for path in sorted(models_dir.glob("staging/*/_*__sources.yml")):
        for spec in parse_sources_file(path):
            if spec.name in specs:
                raise ValueError(f"export {spec.name!r} is declared twice (second time in {path})")
            specs[spec.name] = spec
    return specs
