"""Invalid ICP configuration fails the build with a message naming every problem."""

import subprocess
from pathlib import Path

from dbt_runner import copy_project, run_dbt


def build_icp(project: Path) -> subprocess.CompletedProcess[str]:
    return run_dbt(
        "build",
        "--select",
        "+int_icp_parameters_validated",
        warehouse=project / "w.duckdb",
        raw=project / "raw",
        as_of="2026-10-31",
        project=project,
    )


def test_broken_icp_seeds_fail_with_every_problem_listed(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with (project / "seeds" / "icp_parameters.csv").open("a") as parameters:
        parameters.write("company,favourite_colour,1,fail,not a company column\n")
        parameters.write("company,industry_weightless,0,fail,\n")
    with (project / "seeds" / "icp_points.csv").open("a") as points:
        points.write("company,employee_count,40,100,,5\n")
        points.write("company,industry,,,it|Media,3\n")
        points.write("company,favourite_colour,,,blue,10\n")
        points.write("company,industry_weightless,,,x,1\n")
        points.write("person,seniority,1,5,c_level,3\n")
    tiers = (
        (project / "seeds" / "icp_tiers.csv")
        .read_text()
        .replace("company,C - Partial fit,35,55", "company,C - Partial fit,40,55")
    )
    (project / "seeds" / "icp_tiers.csv").write_text(tiers)

    result = build_icp(project)
    assert result.returncode != 0
    output = result.stdout
    assert "Invalid ICP configuration (seeds icp_parameters, icp_points, icp_tiers)" in output
    assert "company.favourite_colour: unknown column; available: company_name, domain, industry" in output
    assert "company.industry_weightless: weight must be greater than 0" in output
    assert "company.employee_count: ranges [10.0, 50.0) and [40.0, 100.0) overlap" in output
    assert 'company.industry: value "it" is listed twice' in output
    assert "person.seniority: a points row has both a range and match_values" in output
    assert (
        'company tiers: "C - Partial fit" starts at 40.0 but the previous tier ends at 35.0 (a gap)' in output
    )


def test_shipped_icp_seeds_are_valid_even_without_custom_properties(tmp_path: Path) -> None:
    # An empty raw layer has no custom company columns: the custom-property parameters are score_zero.
    project = copy_project(tmp_path)
    result = build_icp(project)
    assert result.returncode == 0, result.stdout[-3000:]
