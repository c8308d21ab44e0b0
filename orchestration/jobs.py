"""The nightly job: ingest the export days of the run, then build and test every dbt model."""

import dagster as dg

# The steps that take run config (the as-of date), by op name.
DBT_OPS = ("crm_dbt_assets", "crm_dbt_after_clv_assets")
CLV_OP = "customer_clv"

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    description="Ingest the run's export days into the raw layer, then `dbt build` the warehouse.",
    # DuckDB allows one writer: steps run one after another in the run's process.
    executor_def=dg.in_process_executor,
)


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Tags for one run over a range of export dates (the ingest assets take a range in one go)."""
    return {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last}
