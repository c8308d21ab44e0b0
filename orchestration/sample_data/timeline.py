"""The simulated calendar: a window of daily export drops plus two years of CRM history before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

DAY = 86_400
HISTORY_DAYS = 730


@dataclass(frozen=True)
class Timeline:
    """Times are whole seconds since the Unix epoch (UTC) throughout the generator."""

    end_date: dt.date
    days: int

    @property
    def start_date(self) -> dt.date:
        return self.end_date - dt.timedelta(days=self.days - 1)

    @property
    def start(self) -> int:
        return _epoch(self.start_date)

    @property
    def end(self) -> int:
        """The last second of the last export day."""
        return _epoch(self.end_date) + DAY - 1

    @property
    def history_start(self) -> int:
        return self.start - HISTORY_DAYS * DAY

    def date_of_day(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)

    def export_day(self, seconds: np.ndarray) -> np.ndarray:
        """The drop a change at these times first appears in: its own day, or day 0 for history."""
        return np.clip((seconds - self.start) // DAY, 0, None).astype(np.int32)


def _epoch(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    """An independent, reproducible random stream per (seed, purpose, ...)."""
    return np.random.default_rng([seed, *stream])


def weighted_choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = list(weights)
    probabilities = np.array([weights[key] for key in keys], dtype=float)
    return np.array(keys, dtype=object)[
        rng.choice(len(keys), size=size, p=probabilities / probabilities.sum())
    ]


def pick(rng: np.random.Generator, options: list, size: int) -> np.ndarray:
    values = np.empty(len(options), dtype=object)
    values[:] = options
    return values[rng.integers(0, len(options), size=size)]


def pick_per_key(rng: np.random.Generator, keys: np.ndarray, options_by_key: dict) -> np.ndarray:
    """For each key, a uniformly drawn element of options_by_key[key]."""
    out = np.empty(len(keys), dtype=object)
    for key, options in options_by_key.items():
        mask = keys == key
        if mask.any():
            out[mask] = pick(rng, list(options), int(mask.sum()))
    return out


def business_time(rng: np.random.Generator, day_start: np.ndarray) -> np.ndarray:
    """A time between 07:00 and 19:00 on the given day starts."""
    return day_start + rng.integers(7 * 3600, 19 * 3600, size=len(day_start))


def to_frame(columns: dict[str, object]) -> pl.DataFrame:
    """A polars frame from numpy arrays, turning object arrays (text with None) into string columns."""
    data = {
        name: values.tolist() if isinstance(values, np.ndarray) and values.dtype == object else values
        for name, values in columns.items()
    }
    return pl.DataFrame(data)


def opaque_ids(prefix: str, start: int, count: int, width: int = 10) -> list[str]:
    """Unique, random-looking ids: an odd multiplier is a bijection modulo a power of two."""
    modulus = 16**width
    return [f"{prefix}{(n * 2_654_435_761) % modulus:0{width}x}" for n in range(start, start + count)]
