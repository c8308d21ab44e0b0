#!/usr/bin/env python3
"""Quick start with nothing but python3: `python3 tasks.py run` or `python3 tasks.py test`.

Both create `.venv` and install the project into it (`pip install -e ".[dev]"`) when needed, then
run the nightly job on the bundled sample (`run`) or the whole test suite (`test`). Extra arguments
are passed on: `python3 tasks.py run --as-of 2026-10-01`, `python3 tasks.py test -k landing`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
MARKER = VENV / ".installed-pyproject-sha256"


def ensure_environment() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if MARKER.exists() and MARKER.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing crm-segments and its dependencies (first run takes a minute or two)", flush=True)
    install = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", ".[dev]"]
    subprocess.run(install, cwd=ROOT, check=True)
    MARKER.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.run([str(BIN / "crm-segments"), "run", *rest], cwd=ROOT).returncode
    return subprocess.run([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
