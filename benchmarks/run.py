"""polly-client against boto3, side by side in one run, against the same local endpoint.

    python benchmarks/run.py            # full run: prints a table, writes benchmarks/results.json
    python benchmarks/run.py --smoke    # tiny counts, to keep the harness working in CI

Every figure is a median over repeated runs; ratios are polly-client / boto3 and
polly-client / floor, where the floor is the same signed GET done with a pooled urllib3 request
and json.loads. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

ACCESS_KEY = "AKIDBENCHMARK"
SECRET_KEY = "benchmark-secret-key"
REGION = "us-east-1"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Counts:
    cold_runs: int
    latency_calls: int
    thread_calls: int
    paginate_tasks: int
    memory_tasks: int


FULL = Counts(
    cold_runs=15, latency_calls=400, thread_calls=300, paginate_tasks=10_000, memory_tasks=100_000
)
SMOKE = Counts(cold_runs=1, latency_calls=5, thread_calls=5, paginate_tasks=300, memory_tasks=300)


@dataclass(frozen=True)
class Row:
    metric: str
    unit: str
    ours: float
    boto3: float
    floor: float | None

    @property
    def vs_boto3(self) -> float:
        return self.ours / self.boto3

    @property
    def vs_floor(self) -> float | None:
        return None if self.floor is None else self.ours / self.floor


@contextmanager
def local_endpoint(tasks: int) -> Iterator[str]:
    """The project's local endpoint in its own process (so it never competes with the clients
    for the GIL), seeded with ``tasks`` tasks and verifying signatures."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "polly_client",
            "serve",
            "--port",
            "0",
            "--seed",
            str(tasks),
            "--access-key",
            ACCESS_KEY,
            "--secret-key",
            SECRET_KEY,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = _read_url(process.stdout)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _read_url(stream: Any) -> str:
    for line in stream:
        for word in line.split():
            if word.startswith("http://127.0.0.1:"):
                return str(word.rstrip(",;"))
    raise RuntimeError("the local endpoint did not print its URL")


# -- clients ------------------------------------------------------------------------------------


def make_ours(url: str) -> Any:
    from polly_client import PollyClient

    return PollyClient(
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def make_boto3(url: str) -> Any:
    import boto3

    return boto3.client(
        "polly",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


class Keys(NamedTuple):
    """All botocore's signer reads of credentials (botocore.credentials, with the provider
    chain's imports, is more than the least a client must load)."""

    access_key: str
    secret_key: str
    token: str | None


class Floor:
    """The least any client must do: sign, one pooled urllib3 GET, json.loads. ``headers``, for
    benchmarks/fixed_cost.py only, gives more headers to send (and so sign) with each request."""

    def __init__(self, url: str, headers: Callable[[], dict[str, str]] | None = None) -> None:
        import urllib3

        self._url = url
        self._pool = urllib3.PoolManager(maxsize=10)
        self._credentials = Keys(ACCESS_KEY, SECRET_KEY, None)
        self._headers = headers

    def list_speech_synthesis_tasks(self, **params: Any) -> dict[str, Any]:
        from urllib.parse import urlencode

        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        query = urlencode(params)
        request = AWSRequest(
            "GET",
            f"{self._url}/v1/synthesisTasks" + (f"?{query}" if query else ""),
            headers=None if self._headers is None else self._headers(),
        )
        SigV4Auth(self._credentials, "polly", REGION).add_auth(request)  # type: ignore[arg-type]
        response = self._pool.request(
            "GET", str(request.url), headers=dict(request.headers.items())
        )
        result: dict[str, Any] = json.loads(response.data)
        return result


# -- measurements -------------------------------------------------------------------------------

COLD_SCRIPTS = {
    "ours": """
from polly_client import PollyClient
c = PollyClient(region_name="{region}", endpoint_url="{url}", aws_access_key_id="{ak}",
                aws_secret_access_key="{sk}")
c.list_speech_synthesis_tasks(MaxResults=100)
""",
    "boto3": """
import boto3
c = boto3.client("polly", region_name="{region}", endpoint_url="{url}", aws_access_key_id="{ak}",
                 aws_secret_access_key="{sk}")
c.list_speech_synthesis_tasks(MaxResults=100)
""",
    "floor": """
import json, urllib3
from collections import namedtuple
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
r = AWSRequest("GET", "{url}/v1/synthesisTasks?MaxResults=100")
keys = namedtuple("Keys", "access_key secret_key token")("{ak}", "{sk}", None)
SigV4Auth(keys, "polly", "{region}").add_auth(r)
json.loads(urllib3.PoolManager().request("GET", r.url, headers=dict(r.headers.items())).data)
""",
}

IMPORT_SCRIPTS = {
    "ours": "from polly_client import PollyClient\n"
    "PollyClient(region_name='{region}', aws_access_key_id='a', aws_secret_access_key='b')",
    "boto3": "import boto3\n"
    "boto3.client('polly', region_name='{region}', aws_access_key_id='a',"
    " aws_secret_access_key='b')",
}


# The child reports its own peak: ru_maxrss from wait4 survives exec, so it would count the
# parent (which has boto3 loaded) as well.
_REPORT_PEAK = """
for _line in open("/proc/self/status"):
    if _line.startswith("VmHWM:"):
        print(_line.split()[1])
"""


def run_child(code: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a fresh interpreter running ``code``."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + _REPORT_PEAK], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{code}\n{done.stderr}")
    return elapsed, int(done.stdout.split()[-1])


def byte_compile_polly_client() -> None:
    """Cold starts run every client from bytecode, as boto3 and botocore do: pip compiles an
    installed wheel. Without this, an editable install under PYTHONDONTWRITEBYTECODE (set on
    some machines) compiles polly_client from source in every fresh process."""
    import compileall

    import polly_client

    compileall.compile_dir(Path(polly_client.__file__).parent, quiet=1)


def cold_start(url: str, runs: int) -> list[Row]:
    times: dict[str, list[float]] = {name: [] for name in COLD_SCRIPTS}
    rss: dict[str, list[int]] = {name: [] for name in COLD_SCRIPTS}
    for _ in range(runs):  # alternating, so drift on a shared machine hits all alike
        for name, template in COLD_SCRIPTS.items():
            seconds, peak = run_child(
                template.format(url=url, region=REGION, ak=ACCESS_KEY, sk=SECRET_KEY)
            )
            times[name].append(seconds * 1000)
            rss[name].append(peak)
    med = {name: statistics.median(values) for name, values in times.items()}
    mem = {name: statistics.median(values) / 1024 for name, values in rss.items()}
    return [
        Row(
            "cold start: import, construct, first 100-task page",
            "ms",
            med["ours"],
            med["boto3"],
            med["floor"],
        ),
        Row(
            "cold start: peak resident memory of that process",
            "MiB",
            mem["ours"],
            mem["boto3"],
            mem["floor"],
        ),
    ]


def import_memory(runs: int) -> Row:
    """Resident memory added by importing and constructing one client, over a bare interpreter."""
    base = statistics.median(run_child("pass")[1] for _ in range(runs))
    added = {
        name: statistics.median(run_child(code.format(region=REGION))[1] for _ in range(runs))
        - base
        for name, code in IMPORT_SCRIPTS.items()
    }
    return Row(
        "memory added by import + one client",
        "MiB",
        added["ours"] / 1024,
        added["boto3"] / 1024,
        None,
    )


def _interleaved_medians(work: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Each piece of work timed ``rounds`` times, taking turns (one of each per round), median
    milliseconds each: on a shared machine, drift between rounds then hits every column alike
    instead of whichever happened to run during it."""
    samples: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(rounds):
        for name, call in work.items():
            started = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def _one_page(client: Any) -> Callable[[], Any]:
    return lambda: client.list_speech_synthesis_tasks(MaxResults=100)


def _clients(url: str) -> dict[str, Any]:
    return {"ours": make_ours(url), "boto3": make_boto3(url), "floor": Floor(url)}


def latency(url: str, calls: int) -> Row:
    pages = {name: _one_page(client) for name, client in _clients(url).items()}
    _interleaved_medians(pages, min(20, calls))  # warm: pools, lazily loaded code
    med = _interleaved_medians(pages, calls)
    return Row("per call, 100-task page (median)", "ms", med["ours"], med["boto3"], med["floor"])


def _four_threads(client: Any, calls_per_thread: int, threads: int = 4) -> Callable[[], None]:
    def work() -> None:
        for _ in range(calls_per_thread):
            client.list_speech_synthesis_tasks(MaxResults=100)

    def run_threads() -> None:
        work_threads = [threading.Thread(target=work) for _ in range(threads)]
        for thread in work_threads:
            thread.start()
        for thread in work_threads:
            thread.join()

    return run_threads


# Rounds of the longer pieces of work: each column's median is of this many turns, enough that
# one slow turn (another process on the shared machine) does not move it.
_THREAD_ROUNDS = 15
_WALK_ROUNDS = 15


def throughput(url: str, calls: int) -> Row:
    per_thread = max(1, calls // _THREAD_ROUNDS)
    rounds = {name: _four_threads(client, per_thread) for name, client in _clients(url).items()}
    med = _interleaved_medians(rounds, _THREAD_ROUNDS)
    # Time per call across the four threads: lower is better, as in every other row.
    per_call = {name: ms / (4 * per_thread) for name, ms in med.items()}
    return Row(
        "4 threads, one client: time per call",
        "ms",
        per_call["ours"],
        per_call["boto3"],
        per_call["floor"],
    )


def _counted(walk: Callable[[], int], expected: int) -> Callable[[], None]:
    def checked() -> None:
        count = walk()
        if count != expected:
            raise RuntimeError(f"walked {count} tasks, expected {expected}")

    return checked


def pagination(url: str, tasks: int) -> list[Row]:
    clients = _clients(url)
    ours, floor = clients["ours"], clients["floor"]

    def pages(client: Any) -> Callable[[], int]:
        return lambda: sum(
            len(page["SynthesisTasks"])
            for page in client.get_paginator("list_speech_synthesis_tasks").paginate(
                PaginationConfig={"PageSize": 100}
            )
        )

    def typed() -> int:
        return sum(1 for _ in ours.iter_speech_synthesis_tasks(page_size=100))

    def floor_walk() -> int:
        count, token = 0, None
        while True:
            params: dict[str, Any] = {"MaxResults": 100}
            if token:
                params["NextToken"] = token
            page = floor.list_speech_synthesis_tasks(**params)
            count += len(page["SynthesisTasks"])
            token = page.get("NextToken")
            if not token:
                return count

    walks = {
        "floor": _counted(floor_walk, tasks),
        "boto3": _counted(pages(clients["boto3"]), tasks),
        "paginator": _counted(pages(ours), tasks),
        "typed": _counted(typed, tasks),
    }
    _interleaved_medians(walks, 1)  # first use loads what a walk needs: not what is measured
    med = _interleaved_medians(walks, _WALK_ROUNDS)
    return [
        Row(
            f"paginate {tasks:,} tasks: paginator",
            "ms",
            med["paginator"],
            med["boto3"],
            med["floor"],
        ),
        Row(
            f"paginate {tasks:,} tasks: typed iterator",
            "ms",
            med["typed"],
            med["boto3"],
            med["floor"],
        ),
    ]


DST_ZONE = "America/New_York"


def pagination_in_zone(url: str, tasks: int, zone: str) -> list[Row]:
    """The pagination rows measured in a fresh process whose local zone is ``zone``: boto3's
    datetimes (and the boto3 view's) are in the local zone, which costs more where it has
    daylight saving."""
    done = subprocess.run(
        [sys.executable, __file__, "--pagination-only", url, str(tasks)],
        env={**os.environ, "TZ": zone},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [Row(**row) for row in json.loads(done.stdout)]
    return [dataclasses.replace(row, metric=f"{row.metric}, TZ={zone}") for row in rows]


def traced_peak(url: str, tasks: int) -> Row:
    import tracemalloc

    def peak(walk: Callable[[], int]) -> float:
        walk_count = 0
        tracemalloc.start()
        try:
            walk_count = walk()
            return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        finally:
            tracemalloc.stop()
            if walk_count != tasks:
                raise RuntimeError(f"walked {walk_count} of {tasks} tasks")

    ours, boto = make_ours(url), make_boto3(url)
    ours.list_speech_synthesis_tasks(MaxResults=1)
    boto.list_speech_synthesis_tasks(MaxResults=1)
    ours_peak = peak(lambda: sum(1 for _ in ours.iter_speech_synthesis_tasks(page_size=100)))
    boto_peak = peak(
        lambda: sum(
            len(page["SynthesisTasks"])
            for page in boto.get_paginator("list_speech_synthesis_tasks").paginate(
                PaginationConfig={"PageSize": 100}
            )
        )
    )
    return Row(f"peak traced memory iterating {tasks:,} tasks", "MiB", ours_peak, boto_peak, None)


# -- report -------------------------------------------------------------------------------------


def table(rows: list[Row], other: str = "boto3") -> str:
    header = ("metric", "unit", "polly-client", other, "floor", f"vs {other}", "vs floor")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.metric,
                row.unit,
                f"{row.ours:.2f}",
                f"{row.boto3:.2f}",
                "-" if row.floor is None else f"{row.floor:.2f}",
                f"{row.vs_boto3:.2f}x",
                "-" if row.vs_floor is None else f"{row.vs_floor:.2f}x",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny counts; checks it runs")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to write the JSON results (default: none in smoke mode, "
        "benchmarks/results.json otherwise)",
    )
    parser.add_argument(
        "--pagination-only", nargs=2, metavar=("URL", "TASKS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.pagination_only:
        url, tasks = args.pagination_only
        print(json.dumps([asdict(row) for row in pagination(url, int(tasks))]))
        return 0
    counts = SMOKE if args.smoke else FULL
    import boto3
    import botocore

    import polly_client

    byte_compile_polly_client()
    rows: list[Row] = []
    with local_endpoint(counts.paginate_tasks) as url:
        rows += cold_start(url, counts.cold_runs)
        rows.append(import_memory(counts.cold_runs))
        rows.append(latency(url, counts.latency_calls))
        rows.append(throughput(url, counts.thread_calls))
        rows += pagination(url, counts.paginate_tasks)
        rows += pagination_in_zone(url, counts.paginate_tasks, DST_ZONE)
    with local_endpoint(counts.memory_tasks) as url:
        rows.append(traced_peak(url, counts.memory_tasks))
    versions = (
        f"polly-client {polly_client.__version__}, boto3 {boto3.__version__}, "
        f"botocore {botocore.__version__}"
    )
    print(f"Machine: {machine()}\nVersions: {versions}\n")
    print(table(rows))
    target = args.json if args.json is not None else (None if args.smoke else HERE / "results.json")
    if target is not None:
        target.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "versions": versions,
                    "counts": asdict(counts),
                    "rows": [
                        {**asdict(row), "vs_boto3": row.vs_boto3, "vs_floor": row.vs_floor}
                        for row in rows
                    ],
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
