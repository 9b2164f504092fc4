"""The call pipeline as pure code: a MockTransport in place of the network and a Runtime in place
of the clock, sleep and randomness. No sockets, no monkeypatching."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from polly_client import ClientError, PollyClient
from polly_client.http import HttpRequest, HttpResponse
from polly_client.local.sigv4 import Credential, verify
from polly_client.runtime import Runtime
from polly_client.testing import MockTransport, json_response

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
RANDOM_BYTES = bytes(range(16))
KEYS: dict[str, Any] = {
    "region_name": "eu-west-1",
    "aws_access_key_id": "AKIDPIPE",
    "aws_secret_access_key": "s",
}
PAGE = {"SynthesisTasks": [{"TaskId": "t1", "TaskStatus": "completed"}]}


def _throttled() -> HttpResponse:
    return json_response({"message": "slow down"}, 400, {"x-amzn-ErrorType": "ThrottlingException"})


def _scripted(*answers: HttpResponse | BaseException) -> MockTransport:
    remaining = list(answers)
    return MockTransport(lambda request: remaining.pop(0))


def _client(transport: MockTransport, slept: list[float], **config: Any) -> PollyClient:
    runtime = Runtime(
        now=lambda: NOW,
        sleep=slept.append,
        random_bytes=lambda n: RANDOM_BYTES[:n],
        random=lambda: 0.5,
    )
    return PollyClient(**KEYS, config=Config(**config), transport=transport, runtime=runtime)


def _host_added(request: HttpRequest) -> dict[str, str]:
    """The headers as they reach the wire: urllib3 adds Host, which SigV4 signs."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = urlsplit(request.url).netloc
    return headers


def test_a_retried_call_sleeps_and_signs_exactly_as_its_runtime_says() -> None:
    transport = _scripted(_throttled(), _throttled(), json_response(PAGE))
    slept: list[float] = []
    client = _client(transport, slept, retries={"mode": "standard", "total_max_attempts": 3})

    page = client.list_speech_synthesis_tasks(MaxResults=5)

    # botocore's standard backoff: jitter * 2 ** (attempt - 1), the jitter being the runtime's.
    assert slept == [0.5, 1.0]
    assert page["ResponseMetadata"]["RetryAttempts"] == 2
    # A key mypy-boto3-polly's ResponseMetadataTypeDef (and so ours) does not list.
    metadata: dict[str, Any] = dict(page["ResponseMetadata"])
    assert metadata["MaxAttemptsReached"] is True
    expected_id = str(uuid.UUID(bytes=RANDOM_BYTES, version=4))
    sent = transport.requests
    headers = [r.headers["amz-sdk-request"] for r in sent]
    # botocore 1.44 states the budget from the first attempt on, older ones from the second (the
    # responses carry no Date, so no ttl).
    assert headers[0] in ("attempt=1", "attempt=1; max=3")
    assert headers[1:] == ["attempt=2; max=3", "attempt=3; max=3"]
    for request in sent:
        assert request.url == "https://polly.eu-west-1.amazonaws.com/v1/synthesisTasks?MaxResults=5"
        assert request.headers["amz-sdk-invocation-id"] == expected_id
        assert request.headers["X-Amz-Date"] == "20260304T050607Z"
        assert (
            "Credential=AKIDPIPE/20260304/eu-west-1/polly/aws4_request"
            in (request.headers["Authorization"])
        )
        # The endpoint's own verifier (written from the AWS specification) accepts it at NOW.
        target = request.url.split(".com", 1)[1]
        assert (
            verify(
                "GET",
                target,
                _host_added(request),
                b"",
                {"AKIDPIPE": Credential("s")},
                "polly",
                NOW.timestamp(),
                region="eu-west-1",
            )
            == "AKIDPIPE"
        )
    assert len({r.headers["Authorization"] for r in sent}) == 1  # same date, same signature


def test_exhausted_retries_raise_the_modelled_error_with_botocores_marks() -> None:
    transport = _scripted(_throttled(), _throttled())
    slept: list[float] = []
    client = _client(transport, slept, retries={"mode": "standard", "total_max_attempts": 2})
    with pytest.raises(ClientError) as info:
        client.list_speech_synthesis_tasks()
    metadata: Any = info.value.response["ResponseMetadata"]
    assert (metadata["RetryAttempts"], metadata["MaxAttemptsReached"]) == (1, True)
    assert info.value.response["Error"] == {"Message": "slow down", "Code": "ThrottlingException"}
    assert slept == [0.5]


def test_a_connection_error_is_retried_then_the_answer_returned() -> None:
    refused = EndpointConnectionError(endpoint_url="https://polly.eu-west-1.amazonaws.com")
    transport = _scripted(refused, json_response(PAGE))
    slept: list[float] = []
    client = _client(transport, slept, retries={"mode": "standard"})
    assert client.list_speech_synthesis_tasks().synthesis_tasks is not None
    assert len(transport.requests) == 2
    # The runtime's jitter (0.5) times the base for a failure that is not throttling: 1 s in
    # older botocore, 50 ms since botocore 1.44.
    assert slept in ([0.5], [0.025])


def test_a_success_is_one_attempt_with_no_sleep() -> None:
    transport = _scripted(json_response(PAGE))
    slept: list[float] = []
    client = _client(transport, slept)
    assert client.list_speech_synthesis_tasks()["SynthesisTasks"][0]["TaskId"] == "t1"
    assert slept == []
    assert len(transport.requests) == 1


def test_a_before_sign_handler_adds_a_signed_header_and_before_send_can_answer() -> None:
    transport = _scripted(json_response(PAGE))
    client = _client(transport, [])

    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-amz-meta-trace"] = "abc"

    client.meta.events.register("before-sign.polly.ListSpeechSynthesisTasks", add_header)
    client.list_speech_synthesis_tasks()
    (sent,) = transport.requests
    assert sent.headers["x-amz-meta-trace"] == "abc"
    assert "x-amz-meta-trace" in sent.headers["Authorization"].split("SignedHeaders=")[1]

    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, *_: Any, **__: Any) -> list[bytes]:
            return [b'{"SynthesisTasks": []}']

    answer = AWSResponse("u", 200, {}, Raw())  # type: ignore[arg-type]
    answering: Any = lambda **_: answer  # noqa: E731  (a handler that answers)
    client.meta.events.register("before-send.polly.ListSpeechSynthesisTasks", answering)
    assert client.list_speech_synthesis_tasks()["SynthesisTasks"] == []
    assert len(transport.requests) == 1  # the handler answered in the network's place


def test_the_paginator_sends_each_token_once_and_stops_at_max_items() -> None:
    pages = {
        None: {"SynthesisTasks": [{"TaskId": "a"}, {"TaskId": "b"}], "NextToken": "t2"},
        "t2": {"SynthesisTasks": [{"TaskId": "c"}, {"TaskId": "d"}], "NextToken": "t3"},
        "t3": {"SynthesisTasks": [{"TaskId": "e"}]},
    }

    def serve(request: HttpRequest) -> HttpResponse:
        query = dict(part.split("=") for part in urlsplit(request.url).query.split("&") if part)
        return json_response(pages[query.get("NextToken")])

    transport = MockTransport(serve)
    client = _client(transport, [])
    paginator = client.get_paginator("list_speech_synthesis_tasks")
    result = paginator.paginate(PaginationConfig={"MaxItems": 3, "PageSize": 2})
    assert [task.task_id for page in result for task in page.synthesis_tasks or ()] == [
        "a",
        "b",
        "c",
    ]
    assert [urlsplit(r.url).query for r in transport.requests] == [
        "MaxResults=2",
        "MaxResults=2&NextToken=t2",
    ]
    assert result.resume_token is not None
    resumed = paginator.paginate(PaginationConfig={"StartingToken": result.resume_token})
    assert [task.task_id for page in resumed for task in page.synthesis_tasks or ()] == ["d", "e"]


def test_close_reaches_the_transport() -> None:
    transport = _scripted()
    with _client(transport, []):
        assert not transport.closed
    assert transport.closed
