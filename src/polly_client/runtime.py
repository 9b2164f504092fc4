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

__all__ = ["DEFAULT_RUNTIME", "Runtime", "boto3_time", "invocation_id", "to_local"]


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


def to_local() -> Callable[[datetime], datetime]:
    """The converter ``boto3_time`` applies, for a loop over many instants: it raises
    OSError, OverflowError or ValueError where ``boto3_time`` falls back to UTC."""
    global _to_local
    if _to_local is None:
        _to_local = _local_converter()
    return _to_local


def boto3_time(value: datetime) -> datetime:
    """The same instant in the zone botocore gives timestamps: the machine's local zone, as
    dateutil's ``tzlocal()``, read once per process."""
    try:
        return (_to_local or to_local())(value)
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


_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _daylight_saving_converter(zone: tzinfo) -> Callable[[datetime], datetime]:
    """``value.astimezone(tzlocal())`` where the local zone has daylight saving, computed as
    dateutil computes it but without its layers of calls: dateutil's ``fromutc`` for an
    instant ``u`` gives the standard wall time ``u + std``, plus the saving when ``localtime``
    says DST at its probe, and marks the result ``fold=1`` when it is the second of two equal
    wall times (no DST there, DST one saving earlier). dateutil probes ``(wall - 1970) +
    time.timezone`` seconds, which is ``u``'s own distance from the epoch (``localtime`` takes
    whole seconds, and the two floats differ by less than a microsecond), so the result is
    dateutil's to the microsecond and the fold; tests/test_local_time.py checks every zone
    around its transitions. The wall times are made by adding to an aware local epoch, not by
    ``datetime.replace``, which costs several times as much."""
    saved = timedelta(seconds=time.timezone - time.altzone)
    saved_seconds = saved.total_seconds()
    local_epoch = datetime(1970, 1, 1, tzinfo=zone) + timedelta(seconds=-time.timezone)
    localtime = time.localtime

    def convert(value: datetime) -> datetime:
        since = value - _UTC_EPOCH
        wall = local_epoch + since  # the standard wall time, in ``zone``, fold 0
        probe = since.total_seconds()
        if localtime(probe).tm_isdst:
            return wall + saved
        if localtime(probe - saved_seconds).tm_isdst:
            return wall.replace(fold=1)
        return wall

    return convert
