"""Idle, slow and excess connections cannot starve the local endpoint: signed requests keep
being answered while they are held, they are cut at the documented bounds, and threads and
file descriptors return to where they were."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from polly_client.local import LocalPolly
from tests.test_local_probes import raw, read_answer, signed

HELD = 50  # idle connections, and as many slow ones
BOUND_SECONDS = 5.0
CONFIG = Config(retries={"max_attempts": 0}, connect_timeout=BOUND_SECONDS, read_timeout=5)


@pytest.fixture(autouse=True)
def _no_traceback(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    yield
    assert "Traceback" not in capfd.readouterr().err


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def _connect(polly: LocalPolly) -> socket.socket:
    return socket.create_connection(("127.0.0.1", polly.port), timeout=BOUND_SECONDS)


def test_idle_and_slow_connections_do_not_starve_signed_requests() -> None:
    with LocalPolly(lifetime=60, header_timeout=2.0) as polly:
        polly.seed(5)
        client = polly.client(config=CONFIG)
        client.list_speech_synthesis_tasks()  # its pooled connection belongs to the baseline
        # Threads are compared as sets: a thread an earlier test left behind (a handler of its
        # endpoint's pooled connection, say) may end at any moment, which a count would take
        # for one of these connections' threads ending or never starting.
        threads, fds = set(threading.enumerate()), _fds()
        idle = [_connect(polly) for _ in range(HELD)]
        slow = [_connect(polly) for _ in range(HELD)]
        for sock in slow:
            sock.sendall(b"GET /v1/synthesisTasks HTTP/1.1\r\nHost: x\r\n")
        assert _wait_for(lambda: polly.open_connections() == 2 * HELD + 1)
        assert len(set(threading.enumerate()) - threads) >= 2 * HELD
        # While all are held (well inside the 2 s header timeout), the slow ones trickle a
        # header a byte at a time and signed requests are answered.
        for round_ in range(10):
            for sock in slow:
                sock.sendall(b"X" if round_ % 2 else b"-")
            started = time.monotonic()
            page = client.list_speech_synthesis_tasks()
            assert len(page.synthesis_tasks or ()) == 5
            assert time.monotonic() - started < BOUND_SECONDS
        assert polly.open_connections() == 2 * HELD + 1
        # The header timeout cuts them all: a partial request gets its 408, an idle
        # connection is closed.
        for sock in slow:
            answer = read_answer(sock)
            assert (answer.status, answer.code, answer.closed) == (
                408,
                "RequestTimeoutException",
                True,
            )
        for sock in idle:
            assert sock.recv(1) == b""
        for sock in idle + slow:
            sock.close()
        assert _wait_for(lambda: polly.open_connections() <= 1)
        assert _wait_for(lambda: not set(threading.enumerate()) - threads)
        assert _wait_for(lambda: _fds() <= fds)
        assert client.list_speech_synthesis_tasks().synthesis_tasks is not None


def test_connections_past_the_cap_are_refused_at_once() -> None:
    with LocalPolly(lifetime=60, max_connections=4) as polly:
        held = [_connect(polly) for _ in range(4)]
        assert _wait_for(lambda: polly.open_connections() == 4)
        for _ in range(3):
            with _connect(polly) as extra:
                extra.sendall(raw(*signed(polly)))
                answer = read_answer(extra)
                assert (answer.status, answer.code, answer.closed) == (
                    503,
                    "ServiceUnavailableException",
                    True,
                )
                assert extra.recv(1) == b""
        assert polly.open_connections() == 4
        assert polly.requests() == 0  # refused before a thread or a request
        for sock in held:
            sock.close()
        assert _wait_for(lambda: polly.open_connections() == 0)
        client = polly.client(config=CONFIG)
        assert client.list_speech_synthesis_tasks().synthesis_tasks == ()


def test_a_flood_of_connections_is_accepted_and_answered_at_once() -> None:
    with LocalPolly(lifetime=60, max_connections=20) as polly:
        started = time.monotonic()
        flood = [_connect(polly) for _ in range(300)]
        assert time.monotonic() - started < BOUND_SECONDS  # none waits on a full queue
        refused = [sock.recv(12) for sock in flood[20:]]
        assert refused == [b"HTTP/1.1 503"] * 280
        assert polly.open_connections() == 20
        for sock in flood:
            sock.close()
        assert _wait_for(lambda: polly.open_connections() == 0)
        assert polly.client(config=CONFIG).list_speech_synthesis_tasks().synthesis_tasks == ()


def test_clients_reconnect_after_the_header_timeout_closes_their_idle_connection() -> None:
    with LocalPolly(lifetime=60, header_timeout=0.3) as polly:
        clients = (
            PollyClient(config=CONFIG, **polly.client_kwargs()),
            boto3.client("polly", config=CONFIG, **polly.client_kwargs()),
        )
        for client in clients:
            for _ in range(2):
                assert client.list_speech_synthesis_tasks()["SynthesisTasks"] == []
                assert _wait_for(lambda: polly.open_connections() == 0)  # closed while idle
        assert polly.connections() == 4
