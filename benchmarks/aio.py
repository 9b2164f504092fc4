"""AsyncPollyClient against aiobotocore, side by side in one run, against the same local endpoint.

aiobotocore pins a narrow range of botocore, so it gets a venv of its own, where polly-client
runs on the same botocore:

    python3 -m venv .venv-aio && .venv-aio/bin/pip install -q -e '.[async]' aiobotocore
    .venv-aio/bin/python benchmarks/aio.py            # full run: prints the table
    .venv-aio/bin/python benchmarks/aio.py --smoke    # tiny counts

Medians; ratios are polly-client / aiobotocore. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import (
    ACCESS_KEY,
    REGION,
    SECRET_KEY,
    Row,
    byte_compile_polly_client,
    local_endpoint,
    machine,
    run_child,
    table,
)

KWARGS: dict[str, Any] = {
    "region_name": REGION,
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}

COLD = {
    "ours": """
import asyncio
from polly_client import AsyncPollyClient
async def main():
    async with AsyncPollyClient(endpoint_url={url!r}, **{kwargs!r}) as client:
        page = await client.list_speech_synthesis_tasks(MaxResults=100)
        assert len(page.synthesis_tasks) == 100
asyncio.run(main())
""",
    "aiobotocore": """
import asyncio
from aiobotocore.session import get_session
async def main():
    async with get_session().create_client("polly", endpoint_url={url!r}, **{kwargs!r}) as client:
        page = await client.list_speech_synthesis_tasks(MaxResults=100)
        assert len(page["SynthesisTasks"]) == 100
asyncio.run(main())
""",
}


def cold_start(url: str, runs: int) -> Row:
    times: dict[str, list[float]] = {name: [] for name in COLD}
    for _ in range(runs):  # alternating, so drift on a shared machine hits both alike
        for name, template in COLD.items():
            seconds, _ = run_child(template.format(url=url, kwargs=KWARGS))
            times[name].append(seconds * 1000)
    med = {name: statistics.median(values) for name, values in times.items()}
    return Row(
        "cold start: import, create, first 100-task page",
        "ms",
        med["ours"],
        med["aiobotocore"],
        None,
    )


async def _median_ms(make: Callable[[], Awaitable[Any]], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await make()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


async def _ours_created(url: str) -> None:
    from polly_client import AsyncPollyClient

    async with AsyncPollyClient(endpoint_url=url, **KWARGS):
        pass


async def _theirs_created(url: str) -> None:
    from aiobotocore.session import get_session

    async with get_session().create_client("polly", endpoint_url=url, **KWARGS):
        pass


async def creation(url: str, runs: int) -> Row:
    ours = await _median_ms(lambda: _ours_created(url), runs)
    theirs = await _median_ms(lambda: _theirs_created(url), runs)
    return Row("client creation (warm imports)", "ms", ours, theirs, None)


def _page_of(client: Any) -> Callable[[], Awaitable[Any]]:
    async def page() -> Any:
        return await client.list_speech_synthesis_tasks(MaxResults=100)

    return page


async def calls(url: str, sequential: int, concurrent: int) -> list[Row]:
    from aiobotocore.session import get_session

    from polly_client import AsyncPollyClient

    async with (
        AsyncPollyClient(endpoint_url=url, **KWARGS) as ours,
        get_session().create_client("polly", endpoint_url=url, **KWARGS) as theirs,
    ):
        clients: dict[str, Any] = {"ours": ours, "aiobotocore": theirs}
        per_call: dict[str, float] = {}
        in_flight: dict[str, float] = {}
        batches = max(1, sequential // 50)
        for name, client in clients.items():
            page = _page_of(client)
            for _ in range(10):
                await page()
            per_call[name] = await _median_ms(page, sequential)
            started = time.perf_counter()
            for _ in range(batches):
                await asyncio.gather(*(page() for _ in range(concurrent)))
            in_flight[name] = (time.perf_counter() - started) * 1000 / (batches * concurrent)
    return [
        Row(
            "per call, 100-task page (median)",
            "ms",
            per_call["ours"],
            per_call["aiobotocore"],
            None,
        ),
        Row(
            f"{concurrent} calls in flight: time per call",
            "ms",
            in_flight["ours"],
            in_flight["aiobotocore"],
            None,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny counts; checks it runs")
    args = parser.parse_args(argv)
    runs, sequential = (1, 5) if args.smoke else (15, 400)
    import aiobotocore
    import botocore

    import polly_client

    byte_compile_polly_client()
    with local_endpoint(200) as url:
        rows = [cold_start(url, runs)]
        rows.append(asyncio.run(creation(url, runs * 4)))
        rows += asyncio.run(calls(url, sequential, 50))
    print(f"Machine: {machine()}")
    print(
        f"Versions: polly-client {polly_client.__version__}, aiobotocore "
        f"{aiobotocore.__version__}, botocore {botocore.__version__}\n"
    )
    print(table(rows, other="aiobotocore"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
