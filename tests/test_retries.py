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

from polly_client import PollyClient
from polly_client.local import Fault, LocalPolly
from polly_client.runtime import Runtime

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
