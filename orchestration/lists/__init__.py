"""Contact lists declared in YAML: validated here, evaluated by dbt (values travel as data, never as SQL)."""

from orchestration.lists.definitions import (
    ListDefinitionError,
    conditions_frame,
    definitions_frame,
    load_lists,
)

__all__ = ["ListDefinitionError", "conditions_frame", "definitions_frame", "load_lists"]
