"""The boto3 view's local times are botocore's (dateutil's ``tzlocal()``) in every zone the
machine knows, around every daylight-saving transition from 2019 to 2026, to the microsecond
and the fold: the fast conversion in zones with daylight saving against dateutil's own."""

from __future__ import annotations

import subprocess
import sys
import zoneinfo
from pathlib import Path

CHECK = Path(__file__).with_name("local_time_check.py")


def test_every_zone_converts_as_dateutil_does_around_its_transitions() -> None:
    zones = sorted(zoneinfo.available_timezones())
    assert "America/New_York" in zones and "Australia/Lord_Howe" in zones
    halves = [zones[0::2], zones[1::2]]  # two processes: the machine has two cores
    running = [
        subprocess.Popen([sys.executable, str(CHECK), *half], stdout=subprocess.PIPE, text=True)
        for half in halves
    ]
    checked = 0
    for process in running:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0
        count, _, mismatches = out.partition("\n")
        checked += int(count)
        assert mismatches.strip() == ""
    assert checked > 100_000  # hundreds of zones with daylight saving, each around ~16 changes
