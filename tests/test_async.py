"""AsyncPollyClient: the sync client's results, errors, requests, retries and waits, awaited,
over real loopback HTTP; pool bounds under 200 calls in flight; cancellation; timeouts.

Here the differential tests compare with boto3 (the behaviour aiobotocore copies), on the newest
and oldest botocore; tests/test_aiobotocore.py compares with aiobotocore itself, in the venv of
the botocore it pins."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine, Iterator
from datetime import datetime, timezone
from typing import Any, TypeVar

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from botocore.stub import Stubber

from polly_client import AsyncPollyClient, PollyClient
from polly_client.local import Fault, LocalPolly, ManualClock
from polly_client.runtime import Runtime
from tests.support import ReplayServer, Reply, client_kwargs, outcome
from tests.test_differential import FULL_TASK

_T = TypeVar("_T")
NO_RETRIES = Config(retries={"max_attempts": 0})
START: dict[str, Any] = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "hi",
    "VoiceId": "Joanna",
}


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    return asyncio.run(coroutine)


async def _outcome(call: Any, **params: Any) -> tuple[str, Any]:
    try:
        result = await call(**params)
    except Exception as exc:  # the class is what is compared
        return type(exc).__name__, (getattr(exc, "response", None), str(exc))
    return "ok", result.to_dict() if hasattr(result, "to_dict") else result


CASES = [
    (
        "list_speech_synthesis_tasks",
        {"MaxResults": 5},
        {"SynthesisTasks": [FULL_TASK], "NextToken": "n"},
    ),
    ("start_speech_synthesis_task", START, {"SynthesisTask": FULL_TASK}),
    ("get_speech_synthesis_task", {"TaskId": "t-1"}, {"SynthesisTask": FULL_TASK}),
    ("describe_voices", {}, {"Voices": [{"Id": "Joanna", "Gender": "Female"}]}),
]


@pytest.mark.parametrize(("method", "params", "document"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize(
    "reply",
    ["ok", Reply(400, b'{"message": "no"}', (("x-amzn-ErrorType", "ServiceFailureException"),))],
    ids=["success", "error"],
)
def test_results_errors_and_requests_are_the_sync_clients(
    replay: ReplayServer, method: str, params: dict[str, Any], document: Any, reply: Any
) -> None:
    replay.reply = Reply(body=json.dumps(document).encode()) if reply == "ok" else reply
    kwargs = client_kwargs(replay.url, aws_session_token="token")

    async def ours() -> tuple[str, Any]:
        async with AsyncPollyClient(config=NO_RETRIES, **kwargs) as client:
            return await _outcome(getattr(client, method), **params)

    mine = _run(ours())
    boto = outcome(getattr(boto3.client("polly", config=NO_RETRIES, **kwargs), method), **params)
    assert mine == boto
    sent, expected = replay.requests
    assert (sent.method, sent.path, sent.body) == (expected.method, expected.path, expected.body)
    signed = [
        r.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]
        for r in (sent, expected)
    ]
    assert signed[0] == signed[1]


def test_validation_is_the_sync_clients(replay: ReplayServer) -> None:
    bad = {"MaxResults": "x", "Nope": 1}

    async def ours() -> tuple[str, Any]:
        async with AsyncPollyClient(**client_kwargs(replay.url)) as client:
            return await _outcome(client.list_speech_synthesis_tasks, **bad)

    mine = _run(ours())
    assert mine == outcome(
        PollyClient(**client_kwargs(replay.url)).list_speech_synthesis_tasks, **bad
    )
    assert mine[0] == "ParamValidationError"
    assert replay.requests == []


def test_retries_sleep_on_the_loop_as_the_sync_client_decides(replay: ReplayServer) -> None:
    throttled = Reply(400, b'{"message": "slow"}', (("x-amzn-ErrorType", "ThrottlingException"),))
    replies = iter([throttled, throttled, Reply()])
    replay.reply = lambda _: next(replies)
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    runtime = Runtime(async_sleep=record, random=lambda: 0.5)
    config = Config(retries={"mode": "standard", "total_max_attempts": 3})

    async def ours() -> Any:
        async with AsyncPollyClient(
            config=config, runtime=runtime, **client_kwargs(replay.url)
        ) as c:
            return await c.list_speech_synthesis_tasks()

    page = _run(ours())
    assert page.response_metadata.retry_attempts == 2
    assert len(slept) == 2 and all(0 < s <= 20 for s in slept)
    assert [r.headers["amz-sdk-request"].split("; ")[-2:] for r in replay.requests][1:] == [
        ["attempt=2", "max=3"],
        ["attempt=3", "max=3"],
    ]


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        server.seed(30)
        yield server


def test_two_hundred_calls_in_flight_stay_within_the_pool(polly: LocalPolly) -> None:
    async def ours() -> list[int]:
        config = Config(max_pool_connections=8)
        async with AsyncPollyClient(config=config, **polly.client_kwargs()) as client:
            pages = await asyncio.gather(
                *(client.list_speech_synthesis_tasks(MaxResults=10) for _ in range(200))
            )
        return [len(page.synthesis_tasks or ()) for page in pages]

    assert _run(ours()) == [10] * 200
    assert polly.requests("ListSpeechSynthesisTasks") == 200
    assert polly.connections() <= 8


def test_a_cancelled_call_gives_its_connection_back(polly: LocalPolly) -> None:
    polly.inject(Fault.slow(30), times=1, operation="ListSpeechSynthesisTasks")

    async def ours() -> int:
        config = Config(max_pool_connections=1, read_timeout=60)
        async with AsyncPollyClient(config=config, **polly.client_kwargs()) as client:
            stuck = asyncio.create_task(client.list_speech_synthesis_tasks())
            while polly.requests("ListSpeechSynthesisTasks") == 0:
                await asyncio.sleep(0.01)
            stuck.cancel()
            with pytest.raises(asyncio.CancelledError):
                await stuck
            # The pool's one slot is free again: the next call goes through at once.
            page = await asyncio.wait_for(client.list_speech_synthesis_tasks(MaxResults=3), 10)
            return len(page.synthesis_tasks or ())

    assert _run(ours()) == 3


def test_read_timeout_bounds_the_whole_body_and_connection_errors_are_botocores(
    polly: LocalPolly,
) -> None:
    polly.inject(Fault.endless(5), times=1)

    async def ours() -> None:
        config = Config(read_timeout=0.5, retries={"max_attempts": 0})
        async with AsyncPollyClient(config=config, **polly.client_kwargs()) as client:
            with pytest.raises(ReadTimeoutError):
                await client.list_speech_synthesis_tasks()
        refused = {**polly.client_kwargs(), "endpoint_url": "http://127.0.0.1:9"}
        async with AsyncPollyClient(config=config, **refused) as client:
            with pytest.raises(EndpointConnectionError):
                await client.list_speech_synthesis_tasks()

    _run(ours())


def test_waiting_and_paginating_on_the_loop() -> None:
    clock = ManualClock(1_700_000_000.0)

    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    from datetime import datetime, timezone

    runtime = Runtime(
        now=lambda: datetime.fromtimestamp(clock(), timezone.utc),
        async_sleep=advance,
        random=lambda: 0.5,
    )
    with LocalPolly(clock=clock, lifetime=60) as polly:
        polly.seed(23)

        async def ours() -> tuple[str, list[str], dict[str, Any]]:
            async with AsyncPollyClient(runtime=runtime, **polly.client_kwargs()) as client:
                started = await client.start_speech_synthesis_task(**START)
                assert started.synthesis_task is not None
                task_id = started.synthesis_task.task_id
                assert task_id is not None
                task = await client.wait_for_speech_synthesis_task(task_id, poll=0.4)
                ids = [t.task_id async for t in client.iter_speech_synthesis_tasks(page_size=5)]
                pages = client.get_paginator("list_speech_synthesis_tasks").paginate(
                    PaginationConfig={"MaxItems": 7, "PageSize": 5}
                )
                return (
                    str(task.task_status),
                    [i or "" for i in ids],
                    await pages.build_full_result(),
                )

        status, ids, full = _run(ours())
        expected = (
            PollyClient(runtime=runtime, **polly.client_kwargs())
            .get_paginator("list_speech_synthesis_tasks")
            .paginate(PaginationConfig={"MaxItems": 7, "PageSize": 5})
            .build_full_result()
        )
    assert status == "completed"
    assert len(ids) == len(set(ids)) == 24
    assert full == expected


def test_stubber_works_on_the_async_client() -> None:
    async def ours() -> Any:
        async with AsyncPollyClient(**client_kwargs("http://127.0.0.1:9")) as client:
            with Stubber(client) as stub:  # type: ignore[arg-type]
                # A tuple for a list, as the Stubber's validation accepts and boto3 returns.
                task = {"TaskId": "t", "LexiconNames": ("a",)}
                stub.add_response("get_speech_synthesis_task", {"SynthesisTask": task})
                return await client.get_speech_synthesis_task(TaskId="t")

    result = _run(ours())
    assert result["SynthesisTask"] == {"TaskId": "t", "LexiconNames": ("a",)}
    assert result.synthesis_task is not None
    assert result.synthesis_task.lexicon_names == ("a",)


def test_chain_credentials_are_resolved_off_the_loop(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.session

    threads: list[str] = []
    session = botocore.session.Session()
    real = session.get_credentials

    def credentials() -> Any:
        threads.append(threading.current_thread().name)
        return real()

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDCHAIN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setattr(session, "get_credentials", credentials)

    async def ours() -> str:
        client = await AsyncPollyClient.create(
            _session=session, region_name="us-east-1", endpoint_url=replay.url
        )
        async with client:
            await client.list_speech_synthesis_tasks()
        return threading.current_thread().name

    loop_thread = _run(ours())
    assert threads and loop_thread not in threads
    assert "Credential=AKIDCHAIN/" in replay.requests[0].headers["Authorization"]


def test_presigned_urls_are_the_sync_clients() -> None:
    from polly_client.runtime import Runtime as _Runtime

    fixed = _Runtime(now=lambda: datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc))
    kwargs = client_kwargs("http://127.0.0.1:9")
    speech: dict[str, Any] = {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3"}

    async def ours() -> tuple[str, str]:
        async with AsyncPollyClient(runtime=fixed, **kwargs) as client:
            return (
                await client.generate_presigned_url("synthesize_speech", Params=speech),
                await client.presigned_speech_url(expires_in=60, **speech),
            )

    sync = PollyClient(runtime=fixed, **kwargs)
    assert _run(ours()) == (
        sync.generate_presigned_url("synthesize_speech", Params=speech),
        sync.presigned_speech_url(expires_in=60, **speech),
    )


def _recorded_sleeps() -> tuple[list[float], Runtime]:
    """A runtime whose async sleep records each wait instead of waiting."""
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    return slept, Runtime(async_sleep=record)


def test_the_waiter_is_awaited_with_botocores_outcomes(replay: ReplayServer) -> None:
    from botocore.exceptions import WaiterError

    statuses = iter(["scheduled", "inProgress", "completed", "scheduled", "failed"])

    def answer(_: Any) -> Reply:
        task = {"TaskId": "t", "TaskStatus": next(statuses)}
        return Reply(body=json.dumps({"SynthesisTask": task}).encode())

    replay.reply = answer
    slept, runtime = _recorded_sleeps()

    async def ours() -> str:
        async with AsyncPollyClient(runtime=runtime, **client_kwargs(replay.url)) as client:
            waiter = client.get_waiter("speech_synthesis_task_completed")
            await waiter.wait(TaskId="t", WaiterConfig={"Delay": 3})
            with pytest.raises(WaiterError) as info:
                await waiter.wait(TaskId="t")
            return str(info.value)

    assert _run(ours()) == (
        "Waiter SpeechSynthesisTaskCompleted failed: Waiter encountered a terminal failure "
        'state: For expression "SynthesisTask.TaskStatus" we matched expected path: "failed"'
    )
    assert slept == [3, 3, 5]


def test_the_models_waiter_is_awaited_too(replay: ReplayServer) -> None:
    sync = PollyClient(**client_kwargs(replay.url))
    if "voice_active" not in sync.waiter_names:
        pytest.skip("the installed botocore's Polly model has no VoiceActive waiter")
    statuses = iter(["pending", "active"])

    def answer(_: Any) -> Reply:
        return Reply(body=json.dumps({"Voice": {"Status": next(statuses)}}).encode())

    replay.reply = answer
    slept, runtime = _recorded_sleeps()

    async def ours() -> None:
        async with AsyncPollyClient(runtime=runtime, **client_kwargs(replay.url)) as client:
            await client.get_waiter("voice_active").wait(VoiceId="v-1")

    _run(ours())
    assert slept == [sync.get_waiter("voice_active").config.delay]
    assert [r.path for r in replay.requests] == ["/v1/voices/v-1"] * 2


def test_signed_paths_reach_the_server_as_signed(polly: LocalPolly) -> None:
    """aiohttp's URL type would re-encode ``%2A`` as ``*`` after signing."""

    async def ours() -> tuple[str, Any]:
        async with AsyncPollyClient(config=NO_RETRIES, **polly.client_kwargs()) as client:
            return await _outcome(client.get_speech_synthesis_task, TaskId="a*b(c)!d")

    theirs = outcome(
        PollyClient(config=NO_RETRIES, **polly.client_kwargs()).get_speech_synthesis_task,
        TaskId="a*b(c)!d",
    )
    mine = _run(ours())
    assert (mine[0], mine[1][0]["Error"]) == (theirs[0], theirs[1][0]["Error"])
    assert mine[0] == "InvalidTaskIdException"


def test_the_chain_is_read_off_the_loop_without_a_session_too(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.session

    threads: list[str] = []
    real = botocore.session.Session.get_credentials

    def spy(self: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(botocore.session.Session, "get_credentials", spy)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")

    async def ours() -> str:
        async with AsyncPollyClient(region_name="us-east-1", endpoint_url=replay.url) as client:
            await client.list_speech_synthesis_tasks()
        return threading.current_thread().name

    loop_thread = _run(ours())
    assert threads and loop_thread not in threads


@pytest.mark.parametrize("keepalive", [True, False])
def test_tcp_keepalive_is_set_on_the_async_clients_sockets(
    polly: LocalPolly, monkeypatch: pytest.MonkeyPatch, keepalive: bool
) -> None:
    import socket

    from polly_client import aio_transport

    made: list[socket.socket] = []
    real = aio_transport._keepalive_socket

    def spy(address: tuple[Any, ...]) -> socket.socket:
        made.append(real(address))
        return made[-1]

    monkeypatch.setattr(aio_transport, "_keepalive_socket", spy)

    async def ours() -> list[int]:
        config = Config(tcp_keepalive=keepalive)
        async with AsyncPollyClient(config=config, **polly.client_kwargs()) as client:
            await client.list_speech_synthesis_tasks()
            return [sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) for sock in made]

    assert _run(ours()) == ([1] if keepalive else [])


@pytest.mark.parametrize(
    "proxies_config",
    [
        {"proxy_ca_bundle": "/etc/proxy-ca.pem"},
        {"proxy_client_cert": "/etc/proxy-cert.pem"},
        {"proxy_use_forwarding_for_https": True},
    ],
)
def test_proxy_settings_aiohttp_cannot_honour_are_refused_at_construction(
    proxies_config: Any,
) -> None:
    (name,) = proxies_config
    with pytest.raises(ValueError, match=f"cannot honour proxies_config {name}"):
        AsyncPollyClient(
            config=Config(proxies_config=proxies_config), **client_kwargs("http://127.0.0.1:9")
        )
    AsyncPollyClient(
        config=Config(proxies_config={"proxy_use_forwarding_for_https": False}),
        **client_kwargs("http://127.0.0.1:9"),
    )
