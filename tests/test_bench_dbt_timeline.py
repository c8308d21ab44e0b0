"""bench/dbt_timeline.py: how busy a dbt build's threads were, and the chain of nodes that set its length."""

import datetime as dt
import json
from pathlib import Path

import pytest

from bench.dbt_timeline import render, summary, timeline

START = dt.datetime(2026, 10, 31, 1, 0, 0)


def _finished(invocation: str, unique_id: str, start: float, end: float) -> str:
    node_info = {
        "unique_id": unique_id,
        "node_started_at": (START + dt.timedelta(seconds=start)).isoformat(),
        "node_finished_at": (START + dt.timedelta(seconds=end)).isoformat(),
    }
    return json.dumps(
        {"data": {"node_info": node_info}, "info": {"name": "NodeFinished", "invocation_id": invocation}}
    )


def _target(tmp_path: Path, logs: dict[str, list[str]]) -> Path:
    """A target folder with this manifest: b reads a; d reads b and c; a has a unique test and b a
    relationships test to a (which must not make b wait for it)."""
    nodes = {
        "model.p.a": [],
        "model.p.b": ["model.p.a"],
        "model.p.c": [],
        "model.p.d": ["model.p.b", "model.p.c"],
        "test.p.unique_a_id.1f": ["model.p.a"],
        "test.p.relationships_b_a.2e": ["model.p.a", "model.p.b"],
    }
    target = tmp_path / "crm.dbt-target"
    target.mkdir()
    manifest = {"nodes": {key: {"depends_on": {"nodes": parents}} for key, parents in nodes.items()}}
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for name, lines in logs.items():
        unrelated = json.dumps({"data": {}, "info": {"name": "MainReportVersion", "invocation_id": "x"}})
        (target / name).write_text("\n".join([unrelated, *lines]) + "\n", encoding="utf-8")
    return target


def test_the_critical_path_runs_through_tests_and_counts_the_wait_for_a_thread(tmp_path: Path) -> None:
    build = [
        _finished("build", "model.p.a", 0, 10),
        _finished("build", "model.p.c", 0, 4),
        _finished("build", "test.p.unique_a_id.1f", 10, 11),
        # b is ready at 11 but both threads are busy until 13 (c's thread took a long test).
        _finished("build", "model.p.b", 13, 20),
        _finished("build", "test.p.relationships_b_a.2e", 20, 21),
        _finished("build", "model.p.d", 21, 25),
    ]
    # The log rotated mid-build: its first lines are in dbt.log.1. A later, smaller run is in dbt.log.
    target = _target(
        tmp_path,
        {
            "dbt.log.1": build[:3],
            "dbt.log": [*build[3:], _finished("clv", "model.p.c", 30, 31)],
        },
    )

    line = timeline(target)

    assert line.invocation_id == "build"
    assert (line.nodes, line.wall_seconds, line.node_seconds) == (6, 25.0, 27.0)
    assert line.occupancy == pytest.approx(27 / 50)
    assert [(run.label, run.seconds, wait) for run, wait in line.path] == [
        ("a", 10.0, 0.0),
        ("unique_a_id", 1.0, 0.0),
        ("b", 7.0, 2.0),
        ("relationships_b_a", 1.0, 0.0),  # d waits for the tests of b
        ("d", 4.0, 0.0),
    ]
    figures = summary(line, longest=2)
    assert figures["path_node_seconds"] == 23.0
    assert figures["path_wait_seconds"] == 2.0
    assert figures["path_longest"] == [("a", 10.0), ("b", 7.0)]
    assert "| 13.0 | b | 7.00 | 2.00 |" in render(line)


def test_a_stage_picks_the_largest_invocation_since_it_started(tmp_path: Path) -> None:
    target = _target(
        tmp_path,
        {
            "dbt.log": [
                _finished("yesterday", "model.p.a", 0, 10),
                _finished("yesterday", "model.p.b", 10, 20),
                _finished("tonight", "model.p.c", 100, 103),
            ]
        },
    )

    assert timeline(target).invocation_id == "yesterday"
    tonight = timeline(target, since=START + dt.timedelta(seconds=50))
    assert (tonight.invocation_id, tonight.wall_seconds, len(tonight.path)) == ("tonight", 3.0, 1)
    with pytest.raises(ValueError, match="no finished dbt nodes"):
        timeline(target, since=START + dt.timedelta(seconds=500))
