"""DEBUG logging under ``polly_client.*``: each attempt's request (method, URL, headers with the
signature and session token redacted), its response (status, headers) and each retry decision
with its delay, as botocore logs boto3's call; shown by the usual ways of turning DEBUG on."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from polly_client.runtime import Runtime
from polly_client.transport import loggable_headers
from tests.support import Recorded, ReplayServer, Reply, client_kwargs

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "session-token-do-not-log"
THROTTLED = Reply(400, b'{"__type": "ThrottlingException", "message": "Rate exceeded"}')


def _throttled_first(times: int) -> Callable[[Recorded], Reply]:
    """A responder throttling the first ``times`` requests, then answering."""
    answered: list[Recorded] = []

    def respond(request: Recorded) -> Reply:
        answered.append(request)
        return THROTTLED if len(answered) <= times else Reply()

    return respond


def _signatures(replay: ReplayServer) -> list[str]:
    """The signatures the server was sent: secret as much as the key that made them."""
    found = [re.search(r"Signature=(\w+)", r.headers["Authorization"]) for r in replay.requests]
    return [match[1] for match in found if match is not None]


def _assert_nothing_secret(text: str, replay: ReplayServer) -> None:
    for secret in (SECRET, TOKEN, *_signatures(replay)):
        assert secret not in text


def _client(replay: ReplayServer, slept: list[float]) -> PollyClient:
    return PollyClient(
        config=Config(retries={"mode": "standard", "total_max_attempts": 3}),
        runtime=Runtime(sleep=slept.append),
        **client_kwargs(replay.url, aws_session_token=TOKEN),
    )


def test_each_attempt_and_retry_decision_is_logged_with_secrets_redacted(
    replay: ReplayServer, caplog: pytest.LogCaptureFixture
) -> None:
    replay.reply = _throttled_first(2)
    caplog.set_level(logging.DEBUG)  # every logger, botocore's and urllib3's included
    slept: list[float] = []
    _client(replay, slept).list_speech_synthesis_tasks(MaxResults=5)

    ours = [r for r in caplog.records if r.name.startswith("polly_client.")]
    sent = [
        r.getMessage() for r in ours if r.name == "polly_client.pipeline" and "Sending" in r.msg
    ]
    url = f"{replay.url}/v1/synthesisTasks?MaxResults=5"
    assert [m.split(", headers")[0] for m in sent] == [
        f"Sending http request: GET {url} (attempt {n})" for n in (1, 2, 3)
    ]
    for message in sent:
        assert "'X-Amz-Security-Token': '<redacted>'" in message
        assert "Credential=AKIDEXAMPLE/" in message and "Signature=<redacted>'" in message
        assert "'amz-sdk-invocation-id'" in message and "'User-Agent'" in message
    statuses = [r.args[0] for r in ours if r.msg.startswith("Response: HTTP")]  # type: ignore[index]
    assert statuses == [400, 400, 200]
    assert all("x-amzn-requestid" in r.getMessage() for r in ours if "Response" in r.msg)
    decisions = [r.getMessage() for r in ours if r.name == "polly_client.retries"]
    assert decisions == [
        f"ListSpeechSynthesisTasks attempt 1: HTTP 400 ThrottlingException; "
        f"retrying after a delay of {slept[0]} seconds",
        f"ListSpeechSynthesisTasks attempt 2: HTTP 400 ThrottlingException; "
        f"retrying after a delay of {slept[1]} seconds",
        "ListSpeechSynthesisTasks attempt 3: HTTP 200; not retrying (max attempts reached)",
    ]
    _assert_nothing_secret("\n".join(r.getMessage() for r in caplog.records), replay)


def test_exhausted_retries_and_connection_errors_log_their_decision(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from polly_client.local import Credential, Fault, LocalPolly

    with LocalPolly(credentials={"AKIDLOGTEST": Credential(SECRET, TOKEN)}, lifetime=60) as polly:
        polly.inject(Fault.drop(), times=1)
        polly.inject(Fault.server_error(500), times=5)
        caplog.set_level(logging.DEBUG, logger="polly_client")
        client = PollyClient(
            config=Config(retries={"mode": "standard", "max_attempts": 2}),
            runtime=Runtime(sleep=lambda seconds: None),
            **polly.client_kwargs(),
        )
        with pytest.raises(client.exceptions.ClientError):
            client.list_speech_synthesis_tasks()
    decisions = [r.getMessage() for r in caplog.records if r.name == "polly_client.retries"]
    assert len(decisions) == 3
    assert decisions[0].startswith("ListSpeechSynthesisTasks attempt 1: ConnectionClosedError: ")
    assert "retrying after a delay of" in decisions[1]
    assert decisions[2].endswith(
        "attempt 3: HTTP 500 ServiceFailureException; not retrying (max attempts reached)"
    )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET not in logged and TOKEN not in logged


def test_the_same_attempts_are_logged_as_boto3_logs(
    replay: ReplayServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    replay.reply = _throttled_first(1)
    _client(replay, []).list_speech_synthesis_tasks(MaxResults=5)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("polly_client.")]
    caplog.clear()
    replay.reply = _throttled_first(1)
    kwargs = client_kwargs(replay.url, aws_session_token=TOKEN)
    config = Config(retries={"mode": "standard", "total_max_attempts": 3})
    boto3.client("polly", config=config, **kwargs).list_speech_synthesis_tasks(MaxResults=5)
    theirs = [r.getMessage() for r in caplog.records if r.name == "botocore.endpoint"]

    def urls(messages: list[str], pattern: str) -> list[str]:
        return [found[1] for m in messages if (found := re.search(pattern, m))]

    # The same requests, the same number of retries, each with a delay.
    assert urls(ours, r"Sending http request: GET (\S+)") == urls(theirs, r"url=([^,]+),")
    assert len(urls(ours, r"retrying after a delay of ([\d.]+)")) == len(
        urls(theirs, r"sleeping for ([\d.]+) seconds")
    )


def test_nothing_is_built_for_logging_below_debug(
    replay: ReplayServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("log message built with DEBUG off")

    monkeypatch.setattr("polly_client.pipeline.loggable_headers", refuse)
    monkeypatch.setattr("polly_client.retries._log_decision", refuse)
    caplog.set_level(logging.INFO)
    replay.reply = _throttled_first(1)
    _client(replay, []).list_speech_synthesis_tasks()
    assert len(replay.requests) == 2


@pytest.mark.parametrize(
    ("headers", "shown"),
    [
        (
            {"authorization": "AWS4-HMAC-SHA256 Credential=K/s, Signature=abc", "X": "y"},
            {"authorization": "AWS4-HMAC-SHA256 Credential=K/s, Signature=<redacted>", "X": "y"},
        ),
        ({"Authorization": "Bearer abc"}, {"Authorization": "<redacted>"}),
        ({"x-amz-security-token": "t"}, {"x-amz-security-token": "<redacted>"}),
    ],
    ids=["sigv4", "another scheme", "token"],
)
def test_loggable_headers(headers: dict[str, str], shown: dict[str, str]) -> None:
    original = dict(headers)
    assert loggable_headers(headers) == shown
    assert headers == original


_SCRIPT = """
import logging, sys
from botocore.config import Config
from polly_client import PollyClient
from polly_client.runtime import Runtime
{setup}
client = PollyClient(
    region_name="us-east-1", endpoint_url=sys.argv[1], aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key={secret!r}, aws_session_token={token!r},
    config=Config(retries={{"mode": "standard"}}), runtime=Runtime(sleep=lambda seconds: None),
)
client.list_speech_synthesis_tasks()
"""


@pytest.mark.parametrize(
    "setup",
    [
        "import boto3; boto3.set_stream_logger('')",
        "logging.basicConfig(level=logging.DEBUG)",
    ],
    ids=["boto3.set_stream_logger", "logging.basicConfig"],
)
def test_the_usual_ways_of_turning_debug_on_show_it(replay: ReplayServer, setup: str) -> None:
    replay.reply = _throttled_first(1)
    code = _SCRIPT.format(setup=setup, secret=SECRET, token=TOKEN)
    done = subprocess.run(
        [sys.executable, "-c", code, replay.url],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for expected in (
        "polly_client.pipeline",
        "Sending http request: GET",
        "Response: HTTP 400",
        "polly_client.retries",
        "HTTP 400 ThrottlingException; retrying after a delay of",
        "Response: HTTP 200",
    ):
        assert expected in done.stderr
    _assert_nothing_secret(done.stdout + done.stderr, replay)
