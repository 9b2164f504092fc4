"""What a call costs beyond its tasks: polly-client against the floor on an empty page, and the
floor again with the three headers every boto3 call sends (two of them signed).

    python benchmarks/fixed_cost.py            # full run: prints the medians
    python benchmarks/fixed_cost.py --smoke    # tiny counts, to keep it working in CI

The local endpoint is seeded with no tasks, so what is left of a call is signing, sending, the
endpoint's own work and the client's pipeline. The floor is benchmarks/run.py's; its variant
sends boto3's ``User-Agent`` and ``amz-sdk-request`` as boto3 sent them to this endpoint, and a
fresh ``amz-sdk-invocation-id`` each call, as boto3 does. Medians of interleaved calls (one of
each per round), microseconds; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import (
    ACCESS_KEY,
    REGION,
    SECRET_KEY,
    Floor,
    _interleaved_medians,
    _one_page,
    local_endpoint,
    machine,
    make_ours,
)

_AS_BOTO3_SENT = ("User-Agent", "amz-sdk-request")


def boto3_headers(url: str) -> Callable[[], dict[str, str]]:
    """The headers boto3 sent to ``url`` for a listing, a fresh invocation id each call."""
    import boto3

    client = boto3.client(
        "polly",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    sent: dict[str, str] = {}

    def capture(request: Any, **_: Any) -> None:
        sent.update((name, _text(value)) for name, value in request.headers.items())

    client.meta.events.register("before-send.polly", capture)
    client.list_speech_synthesis_tasks(MaxResults=1)
    fixed = {name: sent[name] for name in _AS_BOTO3_SENT}
    return lambda: {**fixed, "amz-sdk-invocation-id": str(uuid.uuid4())}


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny counts; checks it runs")
    args = parser.parse_args(argv)
    calls, repeats = (5, 1) if args.smoke else (1500, 4)
    print(f"Machine: {machine()}\n")
    with local_endpoint(0) as url:
        work = {
            "floor": _one_page(Floor(url)),
            "floor + boto3's headers": _one_page(Floor(url, boto3_headers(url))),
            "polly-client": _one_page(make_ours(url)),
        }
        _interleaved_medians(work, min(50, calls))  # warm: pools, lazily loaded code
        print("| " + " | ".join(work) + " |")
        print("|" + "---|" * len(work))
        for _ in range(repeats):
            medians = _interleaved_medians(work, calls)
            print("| " + " | ".join(f"{ms * 1000:.0f} us" for ms in medians.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
