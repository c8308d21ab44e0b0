"""Landing files -> raw Parquet partitions: the contract, CSV reading, validation and storage.

Plain Python with no Dagster imports, so it can be tested and reused on its own.
"""
