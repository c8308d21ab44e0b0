"""Where a dbt build's wall time went: how busy its threads were, and its critical path.

    .venv/bin/python bench/dbt_timeline.py warehouse/crm.dbt-target [--invocation ID]

Reads the JSON lines dbt writes to `dbt.log*` in a build's target folder (each node's start and finish)
and the manifest beside them (what each node waits for). A run is throughput-bound when its threads were
busy most of the wall time: then only less work shortens it. It is latency-bound when the critical path
(the chain of nodes each of which started once the previous one finished) spans most of the wall time
while threads sat idle: then the chain's own nodes decide. `dbt build` starts a node once the nodes it
depends on and their tests passed, so the chain runs through tests too.
"""

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

# dbt starts a node after its prerequisites finished; this allows for the rounding of the logged times.
SCHEDULING_SLACK = dt.timedelta(milliseconds=10)


@dataclass(frozen=True)
class NodeRun:
    unique_id: str
    started: dt.datetime
    finished: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()

    @property
    def label(self) -> str:
        """The model's name, or the test's name without dbt's hash suffix."""
        kind, _, rest = self.unique_id.partition(".")
        name = rest.partition(".")[2]
        return name.rsplit(".", 1)[0] if kind == "test" else name


@dataclass(frozen=True)
class Timeline:
    invocation_id: str
    started: dt.datetime
    wall_seconds: float
    node_seconds: float
    nodes: int
    threads: int
    path: list[tuple[NodeRun, float]]  # each node on the critical path, in order, and how long it waited

    @property
    def occupancy(self) -> float:
        """The share of the threads' wall time spent in nodes."""
        return self.node_seconds / (self.wall_seconds * self.threads) if self.wall_seconds else 0.0

    @property
    def path_node_seconds(self) -> float:
        return sum(run.seconds for run, _ in self.path)

    @property
    def path_wait_seconds(self) -> float:
        return sum(wait for _, wait in self.path)


def node_runs(target: Path) -> dict[str, dict[str, NodeRun]]:
    """Every finished node of every invocation logged in `target`'s dbt.log files, by invocation id."""
    # dbt rotates its log: dbt.log.2 is older than dbt.log.1, which is older than dbt.log.
    rotated = [path for path in target.glob("dbt.log.*") if path.suffix[1:].isdigit()]
    logs = sorted(rotated, key=lambda path: -int(path.suffix[1:]))
    runs: dict[str, dict[str, NodeRun]] = defaultdict(dict)
    for log in [*logs, target / "dbt.log"]:
        if not log.exists():
            continue
        with log.open(encoding="utf-8") as lines:
            for line in lines:
                if '"NodeFinished"' not in line:
                    continue
                event = json.loads(line)
                node = event["data"]["node_info"]
                if not node.get("node_started_at") or not node.get("node_finished_at"):
                    continue
                runs[event["info"]["invocation_id"]][node["unique_id"]] = NodeRun(
                    node["unique_id"],
                    dt.datetime.fromisoformat(node["node_started_at"]),
                    dt.datetime.fromisoformat(node["node_finished_at"]),
                )
    return dict(runs)


def prerequisites(manifest: dict) -> dict[str, set[str]]:
    """What each node waits for in `dbt build`: the nodes it depends on and the tests of those nodes (a test
    that also depends on the node itself, such as a relationships test, does not block it)."""
    depends_on = {
        unique_id: set(node.get("depends_on", {}).get("nodes", []))
        for unique_id, node in manifest.get("nodes", {}).items()
    }
    tests_of: dict[str, set[str]] = defaultdict(set)
    for unique_id, parents in depends_on.items():
        if unique_id.startswith("test."):
            for parent in parents:
                tests_of[parent].add(unique_id)
    waits: dict[str, set[str]] = {}
    for unique_id, parents in depends_on.items():
        waits[unique_id] = set(parents)
        if not unique_id.startswith("test."):
            for parent in parents:
                waits[unique_id] |= {test for test in tests_of[parent] if unique_id not in depends_on[test]}
    return waits


def critical_path(runs: dict[str, NodeRun], waits: dict[str, set[str]]) -> list[tuple[NodeRun, float]]:
    """From the node that finished last, back through the prerequisite each node waited for longest."""
    path: list[tuple[NodeRun, float]] = []
    current: NodeRun | None = max(runs.values(), key=lambda run: run.finished) if runs else None
    start = min((run.started for run in runs.values()), default=None)
    while current is not None:
        ran_before = [
            runs[unique_id]
            for unique_id in waits.get(current.unique_id, ())
            if unique_id in runs and runs[unique_id].finished <= current.started + SCHEDULING_SLACK
        ]
        previous = max(ran_before, key=lambda run: run.finished) if ran_before else None
        ready_at = previous.finished if previous else start
        path.append((current, max((current.started - ready_at).total_seconds(), 0.0)))
        current = previous
    return path[::-1]


def timeline(
    target: Path, invocation_id: str | None = None, threads: int = 2, since: dt.datetime | None = None
) -> Timeline:
    """The timeline of one invocation logged in `target`; by default the one that ran the most nodes, among
    those whose nodes all started after `since` (naive UTC, as dbt logs them) when given."""
    invocations = {
        key: runs
        for key, runs in node_runs(target).items()
        if since is None or min(run.started for run in runs.values()) >= since
    }
    if not invocations:
        raise ValueError(f"{target}: no finished dbt nodes in dbt.log")
    if invocation_id is None:
        # The one that ran the most nodes; of equals (a full build and a night), the latest.
        invocation_id = max(
            invocations,
            key=lambda key: (len(invocations[key]), min(run.started for run in invocations[key].values())),
        )
    runs = invocations[invocation_id]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    started = min(run.started for run in runs.values())
    wall = max(run.finished for run in runs.values()) - started
    return Timeline(
        invocation_id=invocation_id,
        started=started,
        wall_seconds=round(wall.total_seconds(), 2),
        node_seconds=round(sum(run.seconds for run in runs.values()), 2),
        nodes=len(runs),
        threads=threads,
        path=critical_path(runs, prerequisites(manifest)),
    )


def summary(line: Timeline, longest: int = 8) -> dict:
    """The figures a benchmark result keeps: occupancy, the path's length and its longest nodes."""
    ranked = sorted(line.path, key=lambda step: step[0].seconds, reverse=True)[:longest]
    return {
        "wall_seconds": line.wall_seconds,
        "node_seconds": line.node_seconds,
        "nodes": line.nodes,
        "occupancy": round(line.occupancy, 3),
        "path_nodes": len(line.path),
        "path_node_seconds": round(line.path_node_seconds, 2),
        "path_wait_seconds": round(line.path_wait_seconds, 2),
        "path_longest": [(run.label, round(run.seconds, 2)) for run, _ in ranked],
    }


def render(line: Timeline) -> str:
    rows = [
        f"invocation {line.invocation_id}: {line.nodes} nodes, wall {line.wall_seconds} s, node time "
        f"{line.node_seconds} s over {line.threads} threads (occupancy {line.occupancy:.0%})",
        f"critical path: {len(line.path)} nodes, {line.path_node_seconds:.1f} s in nodes, "
        f"{line.path_wait_seconds:.1f} s waiting for a thread",
        "",
        "| started at s | node | s | waited s |",
        "|---:|---|---:|---:|",
    ]
    for run, wait in line.path:
        offset = (run.started - line.started).total_seconds()
        rows.append(f"| {offset:.1f} | {run.label} | {run.seconds:.2f} | {wait:.2f} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", type=Path, help="a build's dbt target folder (warehouse/crm.dbt-target)")
    parser.add_argument("--invocation", help="dbt invocation id (default: the one with the most nodes)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    print(render(timeline(args.target, args.invocation, args.threads)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
