"""Retries side by side with boto3: the same attempts, final errors and retry metadata, in each
retry mode, for throttling, 5xx storms, resets and read timeouts. Nothing really sleeps."""

from __future__ import annotations

import time
import types
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from polly_client import PollyClient
from polly_client.adapters import endpoint_retries_on_false, false_stops_retries
from polly_client.local import Fault, LocalPolly
from polly_client.runtime import Runtime
from tests.support import ReplayServer, Reply, client_kwargs, outcome

MODES = ["legacy", "standard", "adaptive"]


# Nothing waits between attempts: ours through its runtime, boto3's by patching botocore, whose
# sleep cannot be passed in.
NO_WAITING = Runtime(sleep=lambda seconds: None)


@pytest.fixture(autouse=True)
def _boto3_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_time = types.SimpleNamespace(**{**vars(time), "sleep": lambda seconds: None})
    monkeypatch.setattr("botocore.endpoint.time", fake_time)


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        server.seed(3)
        yield server


def _run(polly: LocalPolly, client: Any, fault: Fault, times: int) -> tuple[Any, ...]:
    before = polly.requests()
    polly.faults.clear()
    polly.inject(fault, times=times)
    try:
        response = client.list_speech_synthesis_tasks()
        outcome: tuple[Any, ...] = ("ok", _metadata(response["ResponseMetadata"]))
    except Exception as exc:
        response = getattr(exc, "response", None) or {}  # connection errors carry none
        meta = response.get("ResponseMetadata", {})
        error = response.get("Error")
        outcome = (type(exc).__name__, error, _metadata(meta), str(exc).split(":")[0])
    return (polly.requests() - before, *outcome)


def _metadata(meta: dict[str, Any]) -> tuple[Any, ...]:
    return meta.get("HTTPStatusCode"), meta.get("RetryAttempts"), meta.get("MaxAttemptsReached")


FAULTS = {
    "throttling": Fault.throttling(),
    "500": Fault.server_error(500),
    "502 html": Fault.html_error(502),
    "503": Fault.server_error(503, "ServiceUnavailable"),
    "504 empty": Fault.empty_error(504),
    "reset": Fault.reset_mid_body(),
    "dropped": Fault.drop(),
    "400 not retryable": Fault("respond", 400, b'{"message":"no"}', "ValidationException"),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("times", [1, 10], ids=["recovers", "exhausted"])
def test_same_attempts_and_outcome_as_boto3(
    polly: LocalPolly, mode: str, fault: Fault, times: int
) -> None:
    if mode == "adaptive" and fault.error_type == "ThrottlingException" and times > 1:
        pytest.skip("adaptive throttling really waits on its token bucket")
    retries: Any = {"mode": mode}
    config = Config(retries=retries, read_timeout=2)
    ours = PollyClient(config=config, runtime=NO_WAITING, **polly.client_kwargs())
    theirs = boto3.client("polly", config=config, **polly.client_kwargs())
    assert _run(polly, ours, fault, times) == _run(polly, theirs, fault, times)


@pytest.mark.parametrize(
    "retries",
    [
        {"max_attempts": 0},
        {"max_attempts": 2},
        {"total_max_attempts": 1},
        {"total_max_attempts": 4, "mode": "standard"},
        {"mode": "legacy"},
    ],
    ids=repr,
)
def test_attempt_budgets_match_boto3(polly: LocalPolly, retries: Any) -> None:
    config = Config(retries=retries)
    ours = PollyClient(config=config, runtime=NO_WAITING, **polly.client_kwargs())
    theirs = boto3.client("polly", config=config, **polly.client_kwargs())
    for times in (1, 10):
        fault = Fault.server_error(500)
        assert _run(polly, ours, fault, times) == _run(polly, theirs, fault, times)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("total", [1, 2, None])
def test_successes_before_and_after_faults_match_boto3(
    polly: LocalPolly, mode: str, total: int | None
) -> None:
    # The retry handler is only built at a client's first failure: the successes before it
    # (MaxAttemptsReached on a last attempt included) and the quota after it must not show it.
    retries: Any = {"mode": mode} if total is None else {"mode": mode, "total_max_attempts": total}
    config = Config(retries=retries)
    ours = PollyClient(config=config, runtime=NO_WAITING, **polly.client_kwargs())
    theirs = boto3.client("polly", config=config, **polly.client_kwargs())
    answer = Fault.slow(0)  # answers normally
    script = [(answer, 1), (answer, 1), (Fault.server_error(500), 1), (answer, 1)]
    script += [(Fault.server_error(500), 10), (answer, 1)]
    mine = [_run(polly, ours, fault, times) for fault, times in script]
    assert mine == [_run(polly, theirs, fault, times) for fault, times in script]
    assert mine[0][1] == "ok"


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_environment_chooses_mode_and_budget(
    polly: LocalPolly, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("AWS_RETRY_MODE", mode)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")
    ours = PollyClient(runtime=NO_WAITING, **polly.client_kwargs())
    theirs = boto3.client("polly", **polly.client_kwargs())
    fault = Fault.server_error(503, "ServiceUnavailable")
    mine = _run(polly, ours, fault, 10)
    assert mine == _run(polly, theirs, fault, 10)
    assert mine[0] == 6


def test_read_timeouts_are_retried_like_boto3(polly: LocalPolly) -> None:
    config = Config(retries={"mode": "standard"}, read_timeout=0.3)
    ours = PollyClient(config=config, runtime=NO_WAITING, **polly.client_kwargs())
    theirs = boto3.client("polly", config=config, **polly.client_kwargs())
    mine = _run(polly, ours, Fault.slow(0.8), 2)
    assert mine == _run(polly, theirs, Fault.slow(0.8), 2)
    assert mine[:2] == (3, "ok")


def test_each_attempt_is_signed_afresh_with_botocores_sdk_headers(polly: LocalPolly) -> None:
    config = Config(retries={"mode": "standard"})
    sent = []
    for client in (
        PollyClient(config=config, runtime=NO_WAITING, **polly.client_kwargs()),
        boto3.client("polly", config=config, **polly.client_kwargs()),
    ):
        seen: list[dict[str, str]] = []

        def record(request: Any, seen: list[dict[str, str]] = seen, **_: Any) -> None:
            # botocore's prepared request holds some header values as bytes.
            headers = request.headers.items()
            seen.append({k: v.decode() if isinstance(v, bytes) else v for k, v in headers})

        handler: Any = record
        client.meta.events.register("before-send.polly.ListSpeechSynthesisTasks", handler)
        polly.inject(Fault.server_error(500), times=2)
        client.list_speech_synthesis_tasks()
        assert len({h["amz-sdk-invocation-id"] for h in seen}) == 1
        assert all("Signature=" in h["Authorization"] for h in seen)
        sent.append([h["amz-sdk-request"] for h in seen])
    mine, boto = sent
    # botocore 1.44 states the budget from the first attempt on; older ones from the second.
    # A retry after a response with a Date also says when its answer is due (ttl).
    assert mine == boto
    assert mine[0] in ("attempt=1", "attempt=1; max=3")
    assert [header.split("; ", 1)[1] for header in mine[1:]] == [
        "attempt=2; max=3",
        "attempt=3; max=3",
    ]
    assert all(header.startswith("ttl=") for header in mine[1:])


def test_the_operation_stand_in_matches_the_model() -> None:
    """adapters.RetryOperation stands in for botocore's operation model: only valid while the
    operations' modelled errors carry no retryable trait."""
    import botocore.session

    from polly_client.adapters import RetryOperation
    from polly_client.operations import OPERATIONS

    model = botocore.session.get_session().get_service_model("polly")
    for described in OPERATIONS.values():
        stand_in = RetryOperation(described.name)
        operation = model.operation_model(stand_in.name)
        assert all("retryable" not in shape.metadata for shape in operation.error_shapes)
        assert model.service_name == stand_in.service_model.service_name


@pytest.mark.parametrize("random_bytes", [bytes(16), b"\xff" * 16, bytes(range(16))])
def test_the_invocation_id_is_a_version_4_uuid_whatever_the_random_bytes(
    random_bytes: bytes,
) -> None:
    import uuid

    from polly_client.runtime import invocation_id

    made = invocation_id(lambda n: random_bytes[:n])
    parsed = uuid.UUID(made)
    assert str(parsed) == made
    assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
    # Only the version and variant bits are fixed: the other 122 are the random ones.
    expected = uuid.UUID(bytes=random_bytes, version=4)
    assert parsed == expected


# needs-retry on client.meta.events: botocore's retry handlers are there, under their unique_ids,
# beside the user's, in every mode.

_BUSY = Reply(500, b'{"__type": "ServiceFailureException", "message": "busy"}')


def _fail_then_succeed(replay: ReplayServer, failures: int) -> None:
    """The next ``failures`` requests fail retryably, the rest succeed."""
    replay.requests.clear()
    replay.reply = lambda recorded: _BUSY if len(replay.requests) <= failures else Reply()


def _both(url: str, mode: str) -> tuple[list[float], PollyClient, Any]:
    """Our client (with the sleeps it was asked for) and boto3's, alike, in ``mode``."""
    sleeps: list[float] = []
    retries: Any = {"mode": mode}
    config = Config(retries=retries)
    ours = PollyClient(config=config, runtime=Runtime(sleep=sleeps.append), **client_kwargs(url))
    return sleeps, ours, boto3.client("polly", config=config, **client_kwargs(url))


def _sent(replay: ReplayServer) -> list[str]:
    return [request.headers["amz-sdk-request"] for request in replay.requests]


@pytest.mark.parametrize("mode", MODES)
def test_a_users_needs_retry_handler_is_asked_after_every_attempt_as_in_boto3(
    replay: ReplayServer, mode: str
) -> None:
    sleeps, *clients = _both(replay.url, mode)
    seen = []
    for client in clients:
        asked: list[tuple[int, list[str]]] = []

        def force(attempts: int, asked: list[Any] = asked, **kwargs: Any) -> Any:
            asked.append((attempts, sorted(kwargs)))
            return 0 if attempts < 3 else None  # a delay of 0: retry at once

        client.meta.events.register("needs-retry.polly.ListSpeechSynthesisTasks", force)
        _fail_then_succeed(replay, 0)
        metadata: Any = client.list_speech_synthesis_tasks()["ResponseMetadata"]
        seen.append((asked, _metadata(metadata), _sent(replay)))
    assert seen[0] == seen[1]
    assert [attempts for attempts, _ in seen[0][0]] == [1, 2, 3]
    assert seen[0][1][1] == 2  # RetryAttempts
    assert sleeps == [0, 0]


@pytest.mark.parametrize("mode", MODES)
def test_a_needs_retry_handler_sees_each_attempts_metadata_as_in_boto3(
    replay: ReplayServer, mode: str
) -> None:
    _, *clients = _both(replay.url, mode)
    seen = []
    for client in clients:
        metadata: list[Any] = []

        def look(response: Any, metadata: list[Any] = metadata, **_: Any) -> None:
            metadata.append(None if response is None else dict(response[1]["ResponseMetadata"]))

        client.meta.events.register("needs-retry.polly", look)
        _fail_then_succeed(replay, 1)
        client.list_speech_synthesis_tasks()
        seen.append(metadata)
    assert seen[0] == seen[1]
    assert [each["HTTPStatusCode"] for each in seen[0]] == [500, 200]
    assert seen[0][0]["RequestId"] == "req-1"


@pytest.mark.parametrize("mode", MODES)
def test_unregistering_botocores_retry_handler_turns_retries_off(
    replay: ReplayServer, mode: str
) -> None:
    _, *clients = _both(replay.url, mode)
    sent = []
    for client in clients:
        client.meta.events.unregister("needs-retry.polly", unique_id="retry-config-polly")
        _fail_then_succeed(replay, 5)
        with pytest.raises(ClientError) as raised:
            client.list_speech_synthesis_tasks()
        metadata: Any = raised.value.response["ResponseMetadata"]
        sent.append((_metadata(metadata), _sent(replay)))
    assert sent[0] == sent[1]
    assert len(sent[0][1]) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_handler_beside_botocores_answers_in_registration_order(
    replay: ReplayServer, mode: str
) -> None:
    """A handler of the event botocore's handler listens on answers first only if registered
    first; its False stops retries where the installed botocore's endpoint says so (newer
    releases), and is a delay of 0 in older ones."""
    sent = []
    for first in (True, False):
        _, *clients = _both(replay.url, mode)
        for client in clients:
            events = client.meta.events
            register = events.register_first if first else events.register
            register("needs-retry.polly", lambda attempts, **_: False if attempts == 1 else None)
            _fail_then_succeed(replay, 1)
            sent.append((outcome(client.list_speech_synthesis_tasks)[0], len(_sent(replay))))
    stopped = ("ServiceFailureException", 1) if false_stops_retries() else ("ok", 2)
    assert sent == [stopped] * 2 + [("ok", 2)] * 2


def test_the_probe_of_botocores_reading_of_false_finds_what_it_asks() -> None:
    # adapters.false_stops_retries asks a private method, falling back to the newer reading if
    # the probe no longer fits it: here it must fit, without the fallback.
    assert endpoint_retries_on_false() is not false_stops_retries()


@pytest.mark.parametrize("mode", MODES)
def test_request_handlers_see_the_retries_context_as_in_boto3(
    replay: ReplayServer, mode: str
) -> None:
    _, *clients = _both(replay.url, mode)
    seen = []
    for client in clients:
        contexts: list[tuple[str, dict[str, Any]]] = []

        def record(event_name: str, request: Any, contexts: list[Any] = contexts, **_: Any) -> None:
            retries = dict(request.context.get("retries", {}))
            retries["invocation-id"] = len(retries.get("invocation-id", ""))
            contexts.append((event_name.partition(".")[0], retries))

        for event in ("request-created", "before-sign"):
            client.meta.events.register(f"{event}.polly.ListSpeechSynthesisTasks", record)
        _fail_then_succeed(replay, 2)
        client.list_speech_synthesis_tasks()
        seen.append(contexts)
    assert seen[0] == seen[1]
    assert [retries["attempt"] for _, retries in seen[0]] == [1, 1, 2, 2, 3, 3]
