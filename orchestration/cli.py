"""`crm-segments`: run the nightly job, generate sample exports, check lists, import vendor files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from orchestration.paths import DEFAULT_LISTS_FILE, DEFAULT_WAREHOUSE_PATH, SAMPLE_LANDING_DIR


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from error


def _variable(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


def _parser() -> argparse.ArgumentParser:
    from orchestration import sample_data

    parser = argparse.ArgumentParser(prog="crm-segments", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="ingest landed exports and build the warehouse (the nightly job)")
    run.add_argument("--date", type=_date, help="only this export day (default: every landed day)")
    run.add_argument(
        "--landing",
        type=Path,
        default=SAMPLE_LANDING_DIR,
        help="folder of <YYYY-MM-DD>/<export>.csv drops (default: the bundled sample, made on first use)",
    )
    run.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE_PATH, help="DuckDB file to build")
    run.add_argument(
        "--target",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="engine dbt builds on (profiles.yml); with spark, tables go to spark/ next to --warehouse",
    )
    run.add_argument("--as-of", type=_date, help="date for date-relative rules (default: latest landed day)")
    run.add_argument(
        "--verbose", action="store_true", help="stream Dagster and dbt logs instead of writing a log file"
    )
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild incremental models (lead score history) from scratch",
    )

    run.add_argument(
        "--var",
        action="append",
        default=[],
        type=_variable,
        metavar="NAME=VALUE",
        help="override a dbt var for this run, e.g. --var reporting_currency=USD (repeatable)",
    )

    check = commands.add_parser("check-lists", help="validate the list definitions and rule tags")
    check.add_argument("--file", type=Path, default=DEFAULT_LISTS_FILE, help="lists YAML file")

    export = commands.add_parser(
        "export-list", help="write a list's members to CSV (id, email, name, company)"
    )
    export.add_argument("name", help="list name (lists.yml)")
    export.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE_PATH, help="DuckDB file to read")
    export.add_argument("--out", type=Path, help="CSV to write (default: <name>.csv next to the warehouse)")

    vendor = commands.add_parser(
        "import-vendor", help="check a HubSpot/Mailchimp/... export and put it in a landing folder"
    )
    vendor.add_argument("file", type=Path, help="the vendor's export (.csv, .xlsx or .zip)")
    vendor.add_argument(
        "--format", help="format name (vendor_formats/*.yml); detected from headers if omitted"
    )
    vendor.add_argument("--date", type=_date, default=dt.date.today(), help="landing date (default: today)")
    vendor.add_argument("--landing", type=Path, default=SAMPLE_LANDING_DIR, help="landing folder")
    vendor.add_argument("--encoding", help="the file's encoding when not UTF-8 (e.g. cp1250)")

    generate = commands.add_parser("generate", help="write sample exports into a landing folder")
    generate.add_argument("--landing", type=Path, default=SAMPLE_LANDING_DIR, help="folder to write into")
    generate.add_argument(
        "--contacts", type=int, default=sample_data.DEFAULT_CONTACTS, help="number of contacts"
    )
    generate.add_argument("--days", type=int, default=sample_data.DEFAULT_DAYS, help="number of daily drops")
    generate.add_argument(
        "--end-date", type=_date, default=sample_data.DEFAULT_END_DATE, help="last drop's date"
    )
    generate.add_argument("--seed", type=int, default=sample_data.DEFAULT_SEED, help="random seed")
    return parser


def _check_lists(path: Path) -> int:
    from orchestration.lists import ListDefinitionError, load_lists
    from orchestration.lists.tag_rules import load_tag_rules

    try:
        lists = load_lists(path)
        rules = load_tag_rules()
    except ListDefinitionError as error:
        print(f"crm-segments check-lists: {error}", file=sys.stderr)
        return 1
    print(f"{path}: {len(lists)} lists valid; {len(rules)} rule tags valid")
    return 0


def _export_list(name: str, warehouse: Path, out: Path | None) -> int:
    from orchestration.lists.export import UnknownListError, export_list

    target = out or warehouse.parent / f"{name}.csv"
    try:
        members = export_list(warehouse, name, target)
    except UnknownListError as error:
        print(f"crm-segments export-list: {error}", file=sys.stderr)
        return 2
    print(f"wrote {members} members of {name} to {target}")
    return 0


def _import_vendor(args: argparse.Namespace) -> int:
    from orchestration.landing.errors import LandingFileError
    from orchestration.vendors.landing_import import import_vendor_file

    try:
        lines = import_vendor_file(args.file, args.landing, args.date, args.format, args.encoding)
    except LandingFileError as error:
        print(f"crm-segments import-vendor: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "generate":
        from orchestration.sample_data import generate_sample

        summary = generate_sample(args.landing, args.contacts, args.days, args.end_date, args.seed)
        total = sum(summary.rows.values())
        print(
            f"wrote {total} rows in {args.days} daily drops "
            f"({summary.first_date} .. {summary.last_date}) to {args.landing}"
        )
        for name, rows in sorted(summary.rows.items()):
            print(f"  {name:<18}{rows:>10} rows, {summary.broken_rows.get(name, 0)} deliberately broken")
        return 0

    if args.command == "check-lists":
        return _check_lists(args.file)
    if args.command == "export-list":
        return _export_list(args.name, args.warehouse, args.out)
    if args.command == "import-vendor":
        return _import_vendor(args)

    from orchestration.runner import RunError, format_report, run_nightly

    log_path = args.warehouse.parent / "logs" / "last_run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with log_path.open("w", encoding="utf-8") as log:
            report = run_nightly(
                args.landing,
                args.warehouse,
                args.date,
                args.as_of,
                None if args.verbose else log,
                full_refresh=args.full_refresh,
                variables=dict(args.var),
                dbt_target=args.target,
            )
    except RunError as error:
        print(f"crm-segments run: {error}", file=sys.stderr)
        return 2
    print(format_report(report, args.warehouse))
    if not args.verbose:
        print(f"log: {log_path}")
    return 0 if report.success else 1


if __name__ == "__main__":
    sys.exit(main())
