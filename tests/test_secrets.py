"""Keys and tokens never reach a log line, a repr or an error message."""

from __future__ import annotations

import logging

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from polly_client import PollyClient
from polly_client.local import Credential, Fault, LocalPolly
from polly_client.runtime import Runtime
from tests.support import ReplayServer, Reply, client_kwargs

SECRETS = ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-do-not-log")


@pytest.mark.parametrize(
    "reply",
    [Reply(), Reply(400, b'{"__type": "InvalidNextTokenException", "message": "nope"}')],
    ids=["success", "error"],
)
def test_debug_logs_repr_and_errors_carry_no_secrets(
    replay: ReplayServer, caplog: pytest.LogCaptureFixture, reply: Reply
) -> None:
    replay.reply = reply
    caplog.set_level(logging.DEBUG)  # every logger, botocore's and urllib3's included
    client = PollyClient(**client_kwargs(replay.url, aws_session_token=SECRETS[1]))
    text = repr(client)
    try:
        client.list_speech_synthesis_tasks(MaxResults=5)
    except Exception as exc:
        text += str(exc) + repr(exc) + repr(getattr(exc, "response", ""))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET" in logged  # the capture did see the call
    for secret in SECRETS:
        assert secret not in logged
        assert secret not in text


def test_botocore_own_debug_logging_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    """Only our signing is quiet; boto3's signer still logs for those who rely on it."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    caplog.set_level(logging.DEBUG, logger="botocore.auth")
    request = AWSRequest("GET", "https://polly.us-east-1.amazonaws.com/v1/synthesisTasks")
    SigV4Auth(Credentials("a", "b"), "polly", "us-east-1").add_auth(request)
    assert any("CanonicalRequest" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("fault", "times"),
    [(Fault.throttling(), 2), (Fault.server_error(500), 10)],
    ids=["retried then answered", "retries exhausted"],
)
def test_retried_calls_log_no_secrets(
    caplog: pytest.LogCaptureFixture, fault: Fault, times: int
) -> None:
    keys: dict[str, str | Credential] = {"AKIDSECRETTEST": Credential(SECRETS[0], SECRETS[1])}
    with LocalPolly(credentials=keys, lifetime=60) as polly:
        polly.seed(3)
        polly.inject(fault, times=times)
        caplog.set_level(logging.DEBUG)
        client = PollyClient(
            config=Config(retries={"mode": "standard"}),
            runtime=Runtime(sleep=lambda seconds: None),
            **polly.client_kwargs(),
        )
        text = repr(client)
        try:
            client.list_speech_synthesis_tasks()
        except ClientError as exc:
            text += str(exc) + repr(exc) + repr(exc.response)
        assert polly.requests() == min(times + 1, 3)  # every attempt was made and signed
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "attempt 3" in logged or "attempt 2" in logged  # the capture saw the retries
    for secret in SECRETS:
        assert secret not in logged
        assert secret not in text


def test_presigning_logs_no_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = PollyClient(**client_kwargs("http://127.0.0.1:9", aws_session_token=SECRETS[1]))
    url = client.presigned_speech_url(Text="Hi", VoiceId="Joanna", OutputFormat="mp3")
    assert SECRETS[1] in url  # the token travels in the URL itself, which is the point
    logged = "\n".join(record.getMessage() for record in caplog.records)
    signature = url.rsplit("X-Amz-Signature=", 1)[1].split("&")[0]
    for secret in (*SECRETS, signature):
        assert secret not in logged
