from orchestration.landing.contract import load_contract
from orchestration.paths import MODELS_DIR
from orchestration.sample_data.export import STYLES

EXPECTED_EXPORTS = {
    "contacts",
    "companies",
    "deals",
    "owners",
    "activities",
    "email_events",
    "web_sessions",
    "page_views",
    "form_submissions",
    "invoices",
    "tickets",
    "product_usage",
}


def test_contract_covers_every_export_of_the_design() -> None:
    contract = load_contract(MODELS_DIR)
    assert set(contract) == EXPECTED_EXPORTS
    for spec in contract.values():
        assert set(spec.primary_key) <= set(spec.required_columns), spec.name


def test_generator_writes_every_contract_column() -> None:
    contract = load_contract(MODELS_DIR)
    for name, spec in contract.items():
        assert set(spec.column_names) <= set(STYLES[name].columns), name
