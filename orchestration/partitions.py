"""Daily partitions keyed by export date (a landing folder's name), added as folders land."""

import dagster as dg

export_dates = dg.DynamicPartitionsDefinition(name="export_date")
