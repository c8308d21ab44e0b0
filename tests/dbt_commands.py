"""Runs dbt commands one after another in this process (see dbt_runner.run_dbt_in_one_process).

argv[1]: a JSON list of {"args": [...], "env": {...}}; each command runs with its variables added to the
environment. The exit status is 1 as soon as one fails."""

import json
import os
import sys

from dbt.cli.main import dbtRunner


def main(spec: str) -> int:
    for command in json.loads(spec):
        os.environ.update(command["env"])
        if not dbtRunner().invoke(command["args"]).success:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
