"""Run as a script with zone names: for each zone with daylight saving, compare the client's
local-time conversion with dateutil's ``astimezone(tzlocal())`` (what botocore gives) at
instants around every transition from 2019 to 2026; print the count checked and mismatches."""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timezone

DAY = 86400


def transitions(start: int, end: int) -> list[int]:
    """The first second of each change of ``tm_isdst`` in [start, end), day by day then by
    bisection."""
    found = []
    before = time.localtime(start).tm_isdst
    for day in range(start, end, DAY):
        now = time.localtime(day).tm_isdst
        if now != before:
            low, high = day - DAY, day
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if time.localtime(middle).tm_isdst == before else (low, middle)
                )
            found.append(high)
        before = now
    return found


def check(zone_name: str) -> tuple[int, list[str]]:
    os.environ["TZ"] = zone_name
    time.tzset()
    if not (time.daylight and time.altzone != time.timezone):
        return 0, []
    from dateutil.tz import tzlocal

    from polly_client import runtime

    convert = runtime._local_converter()
    zone = tzlocal()
    rng = random.Random(zone_name)
    start = int(datetime(2019, 1, 1, tzinfo=timezone.utc).timestamp())
    end = int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp())
    checked, wrong = 0, []
    for moment in transitions(start, end):
        for step in range(-12, 13):  # two hours either side, every ten minutes
            for micro in (0, rng.randrange(1_000_000), 999_999):
                second = moment + step * 600 + (rng.choice((-1, 0, 1)) if step == 0 else 0)
                value = datetime.fromtimestamp(second, timezone.utc).replace(microsecond=micro)
                mine, theirs = convert(value), value.astimezone(zone)
                checked += 1
                if (mine.replace(tzinfo=None), mine.fold, mine.utcoffset()) != (
                    theirs.replace(tzinfo=None),
                    theirs.fold,
                    theirs.utcoffset(),
                ):
                    wrong.append(f"{zone_name} {value.isoformat()}: {mine!r} != {theirs!r}")
    return checked, wrong


if __name__ == "__main__":
    total, mismatches = 0, []
    for name in sys.argv[1:]:
        count, wrong = check(name)
        total += count
        mismatches += wrong
    print(total)
    print("\n".join(mismatches[:20]))
