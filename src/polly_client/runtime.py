"""Where time and chance come from: the wall clock signing reads, the sleep between attempts, the
jitter of the backoff before them, the random bytes of each call's invocation id, and the local
time zone boto3's dicts are given in.

A client takes one ``Runtime``; tests pass their own (a fixed clock, a sleep that records, fixed
bytes) instead of patching modules. botocore keeps two of its own that cannot be passed in: the
waits inside adaptive mode's rate limiter, and legacy mode's jitter (its module ``random``).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

__all__ = ["DEFAULT_RUNTIME", "Runtime", "boto3_time", "invocation_id"]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Runtime(NamedTuple):
    now: Callable[[], datetime] = _utc_now
    """The current time, aware or naive UTC: what SigV4 dates a request with."""
    sleep: Callable[[float], None] = time.sleep
    """Waits between attempts."""
    random_bytes: Callable[[int], bytes] = os.urandom
    """Randomness for invocation ids."""
    random: Callable[[], float] = random.random
    """Jitter for standard and adaptive modes' backoff: a float in [0, 1)."""
    async_sleep: Callable[[float], Awaitable[None]] | None = None
    """``AsyncPollyClient``'s waits; None: ``asyncio.sleep`` (not imported until then)."""


DEFAULT_RUNTIME = Runtime()


def invocation_id(random_bytes: Callable[[int], bytes]) -> str:
    """A random (version 4) UUID, as botocore sends in amz-sdk-invocation-id. Formatted here
    rather than with the uuid module, whose import is a noticeable part of a cold start."""
    bits = int.from_bytes(random_bytes(16), "big")
    bits = bits & ~(0xF000 << 64 | 0xC000 << 48) | 0x4000 << 64 | 0x8000 << 48
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_to_local: Callable[[datetime], datetime] | None = None


def boto3_time(value: datetime) -> datetime:
    """The same instant in the zone botocore gives timestamps: the machine's local zone, as
    dateutil's ``tzlocal()``, read once per process."""
    global _to_local
    if _to_local is None:
        _to_local = _local_converter()
    try:
        return _to_local(value)
    except (OSError, OverflowError, ValueError):
        # botocore falls back to UTC where the platform's localtime() cannot express the instant.
        return value


def _local_converter() -> Callable[[datetime], datetime]:
    from dateutil.tz import tzlocal

    zone = tzlocal()
    if time.daylight and time.altzone != time.timezone:
        return _daylight_saving_converter(zone)
    # Without daylight saving (UTC on Lambda and most containers) tzlocal's offset is fixed, so
    # the wall time is a plain shift, without dateutil's per-call DST and fold checks: the
    # instant's distance from the epoch added to the epoch's local wall time in that zone
    # (exact microseconds, and cheaper than datetime.replace).
    utc_epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    local_epoch = datetime(1970, 1, 1, tzinfo=zone) + timedelta(seconds=-time.timezone)
    return lambda value: local_epoch + (value - utc_epoch)


_EPOCH = datetime(1970, 1, 1)


def _daylight_saving_converter(zone: tzinfo) -> Callable[[datetime], datetime]:
    """``value.astimezone(tzlocal())`` where the local zone has daylight saving, computed as
    dateutil computes it but without its layers of calls: dateutil's ``fromutc`` for an
    instant ``u`` (as naive UTC) gives ``u + std`` plus the saving when ``localtime`` says DST
    at its probe of ``u + std``, and marks the result ``fold=1`` when it is the second of two
    equal wall times (no DST there, DST one saving earlier). The probes are the same float
    timestamps dateutil passes to ``time.localtime`` (``(wall - 1970) + time.timezone``), so
    the result is dateutil's to the microsecond and the fold; tests/test_local_time.py checks
    every zone around its transitions."""
    std = timedelta(seconds=-time.timezone)
    saved = timedelta(seconds=time.timezone - time.altzone)
    offset = time.timezone
    localtime = time.localtime

    def is_dst(wall: datetime) -> int:
        return localtime((wall - _EPOCH).total_seconds() + offset).tm_isdst

    def convert(value: datetime) -> datetime:
        wall = value.replace(tzinfo=None) + std
        if is_dst(wall):
            return (wall + saved).replace(tzinfo=zone)
        return wall.replace(tzinfo=zone, fold=is_dst(wall - saved))

    return convert
