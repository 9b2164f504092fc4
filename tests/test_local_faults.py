"""Faults scripted on the local endpoint end in the documented exceptions, within the configured
limits, with no hang and no leaked connection."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from polly_client import PollyClient, ResponseParserError
from polly_client.local import Fault, LocalPolly
from polly_client.transport import MAX_BODY_BYTES

CONFIG = Config(retries={"max_attempts": 0}, read_timeout=0.5, connect_timeout=2)


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        server.seed(5)
        yield server


def _ours(polly: LocalPolly) -> PollyClient:
    return PollyClient(config=CONFIG, **polly.client_kwargs())


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.drop(), ConnectionClosedError),
        (Fault.reset_mid_body(), ConnectionClosedError),
        (Fault.slow(2.0), ReadTimeoutError),
        (Fault.endless(seconds=60), ReadTimeoutError),
        (Fault.malformed(), ResponseParserError),
    ],
    ids=["dropped", "reset mid-body", "slower than read_timeout", "never ends", "malformed"],
)
def test_faults_end_in_documented_exceptions(
    polly: LocalPolly, fault: Fault, expected: type[Exception]
) -> None:
    polly.inject(fault, operation="ListSpeechSynthesisTasks")
    client = _ours(polly)
    with pytest.raises(expected):
        client.list_speech_synthesis_tasks()
    # The pool recovers: the next call on the same client works.
    assert client.list_speech_synthesis_tasks().synthesis_tasks is not None
    assert polly.requests("ListSpeechSynthesisTasks") == 2


@pytest.mark.parametrize(
    "fault",
    [
        Fault.throttling(),
        Fault.server_error(500),
        Fault.server_error(503, "ServiceUnavailable"),
        Fault.html_error(502),
        Fault.empty_error(503),
    ],
    ids=["throttling", "500 json", "503 json", "502 html", "503 empty"],
)
def test_error_storms_match_boto3(polly: LocalPolly, fault: Fault) -> None:
    results: list[Any] = []
    for client in (_ours(polly), boto3.client("polly", config=CONFIG, **polly.client_kwargs())):
        polly.inject(fault, times=3)
        for _ in range(3):
            with pytest.raises(ClientError) as info:
                client.list_speech_synthesis_tasks()
        results.append((type(info.value).__name__, info.value.response["Error"]))
        assert client.list_speech_synthesis_tasks()["SynthesisTasks"] is not None
    assert results[0] == results[1]


def test_a_50_mb_body_is_read_whole(polly: LocalPolly) -> None:
    polly.inject(Fault.huge(50 * 1024 * 1024))
    # Under the size cap, whatever the time it takes: the in-process server builds and sends
    # 50 MB while other tests run beside it, so 0.5 s would measure the machine, not the cap.
    config = CONFIG.merge(Config(read_timeout=30))
    page = PollyClient(config=config, **polly.client_kwargs()).list_speech_synthesis_tasks()
    assert page.synthesis_tasks == ()


def test_a_body_that_never_ends_is_cut_at_read_timeout_where_boto3_reads_on(
    polly: LocalPolly,
) -> None:
    # The endpoint drips a little every 10 ms for 3 s, so no single read ever times out.
    outcomes: dict[str, tuple[type[Exception], float]] = {}
    for name, client in (
        ("ours", _ours(polly)),
        ("boto3", boto3.client("polly", config=CONFIG, **polly.client_kwargs())),
    ):
        polly.inject(Fault.endless(seconds=3.0), operation="ListSpeechSynthesisTasks")
        started = time.monotonic()
        with pytest.raises((ReadTimeoutError, ConnectionClosedError)) as info:
            client.list_speech_synthesis_tasks()
        outcomes[name] = (type(info.value), time.monotonic() - started)
        assert client.list_speech_synthesis_tasks()["SynthesisTasks"] is not None
    ours_error, ours_seconds = outcomes["ours"]
    boto3_error, boto3_seconds = outcomes["boto3"]
    # Ours gives up at read_timeout (0.5 s) after the headers; boto3 reads until the server
    # itself stops dripping and resets the connection.
    assert ours_error is ReadTimeoutError and ours_seconds < 3.0
    assert boto3_error is ConnectionClosedError and boto3_seconds >= 3.0


def test_a_body_past_the_size_cap_is_refused_and_the_connection_dropped(
    polly: LocalPolly,
) -> None:
    polly.inject(Fault.huge(MAX_BODY_BYTES + 1024 * 1024))
    # A read deadline far beyond what 65 MiB over loopback takes on a loaded machine, so that
    # the cap, not the deadline, ends the read.
    config = CONFIG.merge(Config(read_timeout=60))
    client = PollyClient(config=config, **polly.client_kwargs())
    with pytest.raises(ResponseParserError, match="larger than") as info:
        client.list_speech_synthesis_tasks()
    assert info.value.http_response.status_code == 200
    assert len(info.value.http_response.body) > MAX_BODY_BYTES
    assert client.list_speech_synthesis_tasks().synthesis_tasks is not None
    assert polly.connections() == 2  # the half-read connection was not reused


def test_faults_target_one_operation_and_are_counted(polly: LocalPolly) -> None:
    polly.inject(Fault.throttling(), times=2, operation="GetSpeechSynthesisTask")
    client = _ours(polly)
    client.list_speech_synthesis_tasks()
    assert polly.requests("ListSpeechSynthesisTasks") == 1
    assert polly.requests("GetSpeechSynthesisTask") == 0
