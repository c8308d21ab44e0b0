"""Benchmark: generate sample exports at a scale, run a full build and one incremental nightly run, publish,
and compare with a plain DuckDB scan of the same raw events (the floor). Writes bench/results/<name>.md/.json.

    .venv/bin/python bench/run.py                       # 1M contacts, 365 days (hours on 2 cores)
    .venv/bin/python bench/run.py --contacts 100000 --days 60

Each stage runs in its own process, so its peak memory (max RSS of the stage's largest process, dbt's
included) is measured separately. Stage times inside a run come from the Dagster step events.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# The result line starts on a line of its own: DuckDB's progress bar may have left the last one unfinished.
STAGE = """
import json, sys
from bench.stages import {function}
print("\\nBENCH " + json.dumps({function}(*json.loads(sys.argv[1]))))
"""


def run_stage(function: str, *arguments: object) -> dict:
    """Runs bench.stages.<function>(*arguments) in a child process; adds its wall time and peak RSS."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", STAGE.format(function=function), json.dumps(arguments, default=str)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=BENCH_DIR.parent,
        env={**os.environ, "PYTHONPATH": str(BENCH_DIR.parent)},
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"stage {function} failed (exit {process.returncode})")
    results = [line[len("BENCH ") :] for line in output.splitlines() if line.startswith("BENCH ")]
    if not results:
        raise SystemExit(f"stage {function} printed no BENCH line; its output ended: {output[-500:]!r}")
    result = json.loads(results[-1])
    result["wall_seconds"] = round(time.monotonic() - started, 2)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def _rate(rows: int, seconds: float | None) -> str:
    return f"{rows / seconds:,.0f}" if seconds else "n/a"


def _timeline_sentence(line: dict) -> str:
    """The main dbt step's occupancy and critical path (bench/dbt_timeline.py)."""
    longest = ", ".join(f"{name} {seconds}" for name, seconds in line["path_longest"])
    return (
        f"Its main dbt step: wall {line['wall_seconds']} s, {line['nodes']} nodes, node time "
        f"{line['node_seconds']} s, so its threads were busy {line['occupancy']:.0%} of the time. "
        f"Critical path: {line['path_nodes']} nodes, {line['path_node_seconds']} s in them and "
        f"{line['path_wait_seconds']} s waiting for a thread; its longest nodes (s): {longest}."
    )


def render(results: dict) -> str:
    lines = [
        f"# Benchmark {results['name']}",
        "",
        f"{results['contacts']:,} contacts, {results['days']} days; machine: {results['machine']}; "
        f"started {results['started']}.",
        "",
        "| stage | wall s | peak RSS MB | rows | rows/s |",
        "|---|---:|---:|---:|---:|",
    ]
    generate = results["generate"]
    lines.append(
        f"| generate exports | {generate['wall_seconds']} | {generate['peak_rss_mb']} | "
        f"{generate['rows']:,} | {_rate(generate['rows'], generate['wall_seconds'])} |"
    )
    for label, key in (("full build", "full"), ("incremental nightly run", "nightly")):
        run = results[key]
        lines.append(
            f"| {label} (total) | {run['wall_seconds']} | {run['peak_rss_mb']} | {run['rows_in']:,} | "
            f"{_rate(run['rows_in'], run['wall_seconds'])} |"
        )
        for stage in ("ingest", "dbt", "clv", "lists", "report", "publish"):
            seconds = run["stages"].get(stage)
            if seconds is not None:
                rows = run["rows_in"] if stage in ("ingest", "dbt") else 0
                lines.append(
                    f"| {label}: {stage} | {seconds} | | {rows:,} | {_rate(rows, seconds) if rows else ''} |"
                )
    floor = results["floor"]
    full_dbt = results["full"]["stages"].get("dbt", 0.0)
    nightly_dbt = results["nightly"]["stages"].get("dbt", 0.0)
    lines += [
        f"| floor: DuckDB scan + aggregate of raw events | {floor['seconds']} | {floor['peak_rss_mb']} | "
        f"{floor['rows']:,} | {_rate(floor['rows'], floor['seconds'])} |",
        "",
        "Floor: one DuckDB query over the raw email events and page views (Parquet), grouped per person "
        "(counts by type, last time); wall s is the query, the process start excluded.",
        "",
        f"Full build dbt stage / floor query: {full_dbt / max(floor['seconds'], 1e-9):.0f}x; "
        f"nightly dbt / full dbt: {nightly_dbt / max(full_dbt, 1e-9):.2f}.",
        "",
        "Stage times are Dagster step durations (ingest = all raw/<export> steps; dbt = both dbt steps).",
    ]
    for label, key in (("full build", "full"), ("incremental nightly run", "nightly")):
        run = results[key]
        if "slowest_dbt_nodes" not in run:
            continue
        lines += [
            "",
            f"{label}: dbt models and seeds {run['dbt_model_seconds']} s, "
            f"data tests {run['dbt_test_seconds']} s (summed over both threads); the slowest:",
            "",
            "| dbt node | s |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {seconds} |" for name, seconds in run["slowest_dbt_nodes"]]
        if "dbt_timeline" in run:
            lines += ["", _timeline_sentence(run["dbt_timeline"])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--work", type=Path, default=BENCH_DIR / "work", help="scratch folder (deleted first)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)

    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    landing, warehouse = args.work / "landing", args.work / "warehouse" / "crm.duckdb"
    name = f"{dt.date.today().isoformat()}-{args.contacts}c-{args.days}d"
    results = {
        "name": name,
        "contacts": args.contacts,
        "days": args.days,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    results["generate"] = run_stage("generate", str(landing), args.contacts, args.days)
    last_day = results["generate"]["last_date"]
    results["full"] = run_stage(
        "build", str(landing), str(warehouse), None, results["generate"]["second_last"]
    )
    results["nightly"] = run_stage("build", str(landing), str(warehouse), last_day, last_day)
    results["floor"] = run_stage("floor", str(warehouse.parent / "raw"))
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    report = render(results)
    (out / f"{name}.md").write_text(report, encoding="utf-8")
    print(report)
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
