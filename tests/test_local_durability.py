"""``serve --db``: a task acknowledged to a client survives ``kill -9`` at any moment; servers
sharing one file both work; listings have no duplicates or holes while tasks are added."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from polly_client.local import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, LocalPolly
from tests.support import run_in_threads

START = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "Hello there",
    "VoiceId": "Joanna",
}
CONFIG = Config(retries={"max_attempts": 0}, connect_timeout=2, read_timeout=5)
KILLS = 4


class Served:
    """``polly-client serve`` in a subprocess, killed by the test (or after 60 s regardless)."""

    def __init__(self, db: Path, *options: str) -> None:
        command = [sys.executable, "-m", "polly_client", "serve", "--port", "0", "--db", str(db)]
        self.process = subprocess.Popen(
            [*command, *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._guard = threading.Timer(60, self.process.kill)
        self._guard.daemon = True
        self._guard.start()
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)", first)
        assert found is not None, first
        self.url, self.port = found[0], int(found[1])

    def client(self) -> Any:
        return boto3.client(
            "polly",
            config=CONFIG,
            region_name="us-east-1",
            endpoint_url=self.url,
            aws_access_key_id=DEFAULT_ACCESS_KEY,
            aws_secret_access_key=DEFAULT_SECRET_KEY,
        )

    def kill(self) -> str:
        """SIGKILL; what the server wrote on stderr."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._guard.cancel()
        assert self.process.stderr is not None
        return self.process.stderr.read()


@pytest.fixture
def served() -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.kill()


def _listed(client: Any) -> list[str]:
    ids: list[str] = []
    params: dict[str, Any] = {"MaxResults": 100}
    for _ in range(1000):
        page = client.list_speech_synthesis_tasks(**params)
        ids += [task["TaskId"] for task in page["SynthesisTasks"]]
        if "NextToken" not in page:
            return ids
        params["NextToken"] = page["NextToken"]
    raise AssertionError("the listing did not end")


def test_acknowledged_tasks_survive_kill_9_at_random_moments(
    tmp_path: Path, served: list[Served]
) -> None:
    db = tmp_path / "tasks.sqlite"
    rng = random.Random(18)
    acknowledged: list[str] = []
    for _ in range(KILLS):
        server = Served(db)
        served.append(server)

        def start_tasks(client: Any) -> None:
            for _ in range(10_000):  # ends when the server dies, long before this count
                try:
                    task = client.start_speech_synthesis_task(**START)
                except (BotoCoreError, ClientError):
                    return
                acknowledged.append(task["SynthesisTask"]["TaskId"])

        workers = [threading.Thread(target=start_tasks, args=(server.client(),)) for _ in range(2)]
        for worker in workers:
            worker.start()
        time.sleep(rng.uniform(0.2, 0.6))
        stderr = server.kill()
        for worker in workers:
            worker.join(timeout=30)
        assert "Traceback" not in stderr
    assert len(acknowledged) > KILLS  # the kills landed while tasks were being started
    final = Served(db)
    served.append(final)
    listed = _listed(final.client())
    assert len(listed) == len(set(listed))
    assert set(acknowledged) <= set(listed)


def test_two_servers_share_one_file(tmp_path: Path) -> None:
    db = str(tmp_path / "tasks.sqlite")
    with LocalPolly(db=db, lifetime=60) as first, LocalPolly(db=db, lifetime=60) as second:
        first.seed(30)
        clients = [
            boto3.client("polly", config=CONFIG, **server.client_kwargs())
            for server in (first, second)
        ]
        acknowledged: list[str] = []
        walks: list[tuple[set[str], list[str]]] = []

        def add(client: Any) -> None:
            for _ in range(40):
                acknowledged.append(
                    client.start_speech_synthesis_task(**START)["SynthesisTask"]["TaskId"]
                )

        def walk() -> None:
            for _ in range(5):
                before = set(_listed(clients[1]))
                ids: list[str] = []
                params: dict[str, Any] = {"MaxResults": 7}
                for _ in range(1000):
                    page = clients[0].list_speech_synthesis_tasks(**params)
                    ids += [task["TaskId"] for task in page["SynthesisTasks"]]
                    if "NextToken" not in page:
                        break
                    params["NextToken"] = page["NextToken"]
                walks.append((before, ids))

        jobs = [lambda: add(clients[0]), lambda: add(clients[1]), walk]

        def job() -> None:
            jobs.pop()()  # each of the three threads takes one

        assert run_in_threads(job, threads=3, timeout=60) == []
        for before, ids in walks:
            assert len(ids) == len(set(ids))  # no duplicates across pages
            assert before <= set(ids)  # no holes: every task there at the start is listed
        assert len(acknowledged) == 80
        for client in clients:
            listed = _listed(client)
            assert sorted(listed) == sorted(set(acknowledged) | set(listed))
            assert len(listed) == 30 + 80


def test_serve_options_bound_connections(tmp_path: Path, served: list[Served]) -> None:
    server = Served(tmp_path / "t.sqlite", "--header-timeout", "2", "--max-connections", "2")
    served.append(server)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the header timeout
        assert time.monotonic() - started < 10
    held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(2)]
    # The server counts a connection once it has accepted it, which a loaded machine may do a
    # little later: ask again (within the held ones' header timeout) until it is refused.
    answers = []
    deadline = time.monotonic() + 1.5
    while b"HTTP/1.1 503" not in answers and time.monotonic() < deadline:
        with socket.create_connection(("127.0.0.1", server.port), timeout=1) as extra:
            try:
                answers.append(extra.recv(12))
            except TimeoutError:
                answers.append(b"(no answer)")
    assert b"HTTP/1.1 503" in answers
    for sock in held:
        sock.close()
    assert "Traceback" not in server.kill()
