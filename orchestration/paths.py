"""Where the project's files live. The package is installed editable from the repository root."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_DIR / "models"
SAMPLE_LANDING_DIR = PROJECT_DIR / "data" / "sample" / "landing"
DEFAULT_WAREHOUSE_PATH = PROJECT_DIR / "warehouse" / "crm.duckdb"
SEEDS_DIR = PROJECT_DIR / "seeds"
DEFAULT_LISTS_FILE = PROJECT_DIR / "lists" / "lists.yml"
VENDOR_FORMATS_DIR = PROJECT_DIR / "vendor_formats"
