"""The benchmark harness still runs end to end (tiny counts; no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_run_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text())["rows"]
    assert len(rows) == 10
    assert sum("TZ=America/New_York" in row["metric"] for row in rows) == 2
    assert all(row["ours"] > 0 and row["boto3"] > 0 for row in rows)
    assert "| cold start: import, construct, first 100-task page" in done.stdout


def test_fixed_cost_smoke_run_prints_each_column() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fixed_cost.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header, _, medians = done.stdout.strip().splitlines()[-3:]
    assert header == "| floor | floor + boto3's headers | polly-client |"
    assert medians.count(" us") == 3
