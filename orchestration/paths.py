"""Where the project's files live. The package is installed editable from the repository root."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_DIR / "models"
SAMPLE_LANDING_DIR = PROJECT_DIR / "data" / "sample" / "landing"
DEFAULT_WAREHOUSE_PATH = PROJECT_DIR / "warehouse" / "crm.duckdb"
SEEDS_DIR = PROJECT_DIR / "seeds"
DEFAULT_LISTS_FILE = PROJECT_DIR / "lists" / "lists.yml"
VENDOR_FORMATS_DIR = PROJECT_DIR / "vendor_formats"


def dbt_target_path(warehouse_path: Path) -> Path:
    """dbt's artifacts (parse state, compiled SQL, run results, log) for builds of one warehouse, beside it:
    every night reuses the last night's parse, and builds of two warehouses at once never share them."""
    return warehouse_path.with_suffix(".dbt-target")
