"""Per-day landing settings: an optional `_landing.yml` in `landing/<YYYY-MM-DD>/`.

    encoding: cp1250            # every file of the day, unless named below
    files:
      contacts.csv: {encoding: latin-1}
      hubspot/contacts.xlsx: {format: hubspot_contacts}

Files are UTF-8 (with or without BOM) unless an encoding is declared here.
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orchestration.landing.errors import LandingFileError

SETTINGS_FILE = "_landing.yml"
_FILE_KEYS = frozenset({"encoding", "format"})


@dataclass(frozen=True)
class FileSettings:
    encoding: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class DaySettings:
    encoding: str | None = None
    files: dict[str, FileSettings] = field(default_factory=dict)

    def for_file(self, relative_path: str) -> FileSettings:
        own = self.files.get(relative_path, FileSettings())
        return FileSettings(encoding=own.encoding or self.encoding, format=own.format)


def _checked_encoding(value: Any, where: str) -> str:
    try:
        return codecs.lookup(str(value)).name
    except LookupError as error:
        raise LandingFileError(
            f"{where}: unknown encoding {value!r} (e.g. utf-8, cp1250, latin-1)"
        ) from error


def read_day_settings(landing_dir: Path, export_date: dt.date) -> DaySettings:
    path = landing_dir / export_date.isoformat() / SETTINGS_FILE
    if not path.is_file():
        return DaySettings()
    where = f"{export_date.isoformat()}/{SETTINGS_FILE}"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise LandingFileError(f"{where}: not valid YAML ({error})") from error
    if not isinstance(document, dict) or set(document) - {"encoding", "files"}:
        raise LandingFileError(f"{where}: expected the keys 'encoding' and/or 'files'")
    files: dict[str, FileSettings] = {}
    for name, options in (document.get("files") or {}).items():
        if not isinstance(options, dict) or set(options) - _FILE_KEYS:
            raise LandingFileError(f"{where}: files.{name}: expected the keys 'encoding' and/or 'format'")
        encoding = options.get("encoding")
        files[str(name)] = FileSettings(
            encoding=_checked_encoding(encoding, f"{where}: files.{name}") if encoding else None,
            format=options.get("format"),
        )
    encoding = document.get("encoding")
    return DaySettings(encoding=_checked_encoding(encoding, where) if encoding else None, files=files)
