"""The CDNOW sample (Fader, Hardie & Lee 2005) as shipped inside the `lifetimes` wheel on PyPI.

The wheel is downloaded once (pip download, no install) and cached by pytest; the project never imports
lifetimes."""

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

LIFETIMES_WHEEL = "lifetimes==0.11.3"
CDNOW_MEMBER = "lifetimes/datasets/CDNOW_sample.txt"


@pytest.fixture(scope="session")
def cdnow_sample_file(pytestconfig: pytest.Config) -> Path:
    cache = (
        pytestconfig.cache.mkdir("lifetimes-wheel") if pytestconfig.cache else Path("/tmp/lifetimes-wheel")
    )
    target = cache / "CDNOW_sample.txt"
    if not target.exists():
        wheels = list(cache.glob("*.whl"))
        if not wheels:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    LIFETIMES_WHEEL,
                    "--no-deps",
                    "-q",
                    "-d",
                    str(cache),
                ],
                check=True,
            )
            wheels = list(cache.glob("*.whl"))
        with zipfile.ZipFile(wheels[0]) as wheel:
            target.write_bytes(wheel.read(CDNOW_MEMBER))
    return target


@pytest.fixture(scope="session")
def cdnow_transactions(cdnow_sample_file: Path) -> pl.DataFrame:
    """customer_id, purchased_on, amount (USD): one row per CDNOW transaction, 1997-01-01 .. 1998-06-30."""
    rows = []
    for line in cdnow_sample_file.read_text().splitlines():
        customer, _sample_id, day, _quantity, amount = line.split()
        rows.append((customer, dt.datetime.strptime(day, "%Y%m%d").date(), float(amount)))
    return pl.DataFrame(rows, schema=["customer_id", "purchased_on", "amount"], orient="row")
