"""Waiting for a synthesis task: the botocore-style waiter against botocore's own ``Waiter`` built
from the same waiter model, and the typed helper against the local endpoint on a fake clock."""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import botocore.waiter
import pytest
from botocore.config import Config
from botocore.exceptions import WaiterError

from polly_client import (
    PollyClient,
    SynthesisTask,
    SynthesisTaskFailedError,
    SynthesisTaskTimeoutError,
)
from polly_client.local import LocalPolly, ManualClock
from polly_client.runtime import Runtime
from polly_client.s3_location import S3Location, parse_s3_uri
from polly_client.waiting import WAITER_MODEL
from tests.support import Recorded, ReplayServer, Reply, client_kwargs

NO_RETRIES = Config(retries={"max_attempts": 0})
START: dict[str, Any] = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "VoiceId": "Joanna",
}


def _start(client: PollyClient, text: str, **overrides: Any) -> str:
    task = client.start_speech_synthesis_task(**{**START, "Text": text, **overrides}).synthesis_task
    assert task is not None and task.task_id is not None
    return task.task_id


def _status(status: str) -> Reply:
    return Reply(body=json.dumps({"SynthesisTask": {"TaskId": "t", "TaskStatus": status}}).encode())


NOT_FOUND = Reply(
    400,
    b'{"message": "Task with id t not found"}',
    (("x-amzn-ErrorType", "SynthesisTaskNotFoundException"),),
)

SCRIPTS = {
    "completes": [_status("scheduled"), _status("inProgress"), _status("completed")],
    "fails": [_status("scheduled"), _status("failed")],
    "never finishes": [_status("inProgress")] * 5,
    "unknown status, then done": [_status("paused"), _status("completed")],
    "an error in between": [_status("scheduled"), NOT_FOUND, _status("completed")],
}


def _scripted(replay: ReplayServer, replies: list[Reply]) -> None:
    script: Iterator[Reply] = iter(replies)

    def answer(_: Recorded) -> Reply:
        return next(script, replies[-1])

    replay.reply = answer


def _waited(waiter: Any, slept: list[float], **kwargs: Any) -> tuple[Any, ...]:
    try:
        waiter.wait(**kwargs)
    except WaiterError as exc:
        last = {k: v for k, v in exc.last_response.items() if k != "ResponseMetadata"}
        return str(exc), last, slept
    return "done", None, slept


def _both_waited(
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
    waiters: tuple[Callable[[PollyClient], Any], Callable[[Any], Any]],
    script: list[Reply],
    **kwargs: Any,
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What PollyClient's and boto3's waiters (``waiters``, made from each client) give over the
    same ``script``; asserts that both sent as many requests."""
    client_args = client_kwargs(replay.url)
    ours_slept: list[float] = []
    client = PollyClient(config=NO_RETRIES, runtime=Runtime(sleep=ours_slept.append), **client_args)
    _scripted(replay, script)
    mine = _waited(waiters[0](client), ours_slept, **kwargs)
    mine_requests = len(replay.requests)

    theirs_slept: list[float] = []
    monkeypatch.setattr(botocore.waiter, "time", types.SimpleNamespace(sleep=theirs_slept.append))
    boto = boto3.client("polly", config=NO_RETRIES, **client_args)
    _scripted(replay, script)
    theirs = _waited(waiters[1](boto), theirs_slept, **kwargs)
    assert len(replay.requests) == 2 * mine_requests
    return mine, theirs


def _named(name: str) -> Callable[[Any], Any]:
    def waiter(client: Any) -> Any:
        return client.get_waiter(name)

    return waiter


def _tasks_waiter_from_the_same_model(boto: Any) -> Any:
    model = botocore.waiter.WaiterModel(dict(WAITER_MODEL))
    return botocore.waiter.create_waiter_with_client("SpeechSynthesisTaskCompleted", model, boto)


@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
@pytest.mark.parametrize("config", [{}, {"WaiterConfig": {"Delay": 2, "MaxAttempts": 3}}], ids=repr)
def test_the_waiter_is_botocores_waiter_built_from_the_same_model(
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
    script: list[Reply],
    config: dict[str, Any],
) -> None:
    waiters = (_named("speech_synthesis_task_completed"), _tasks_waiter_from_the_same_model)
    mine, theirs = _both_waited(replay, monkeypatch, waiters, script, TaskId="t", **config)
    assert mine == theirs


def _voice(status: str) -> Reply:
    return Reply(body=json.dumps({"Voice": {"Id": "v-1", "Status": status}}).encode())


VOICE_SCRIPTS = {
    "active": [_voice("pending"), _voice("pending"), _voice("active")],
    "fails": [_voice("pending"), _voice("failed")],
    "never active": [_voice("pending")] * 4,
    "not found": [
        _voice("pending"),
        Reply(
            400,
            b'{"message": "No voice v-1"}',
            (("x-amzn-ErrorType", "ResourceNotFoundException"),),
        ),
    ],
}


@pytest.mark.parametrize("script", VOICE_SCRIPTS.values(), ids=VOICE_SCRIPTS.keys())
def test_the_models_voice_active_waiter_polls_through_the_client_as_boto3s_does(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, script: list[Reply]
) -> None:
    if "voice_active" not in boto3.client("polly", region_name="us-east-1").waiter_names:
        pytest.skip(f"botocore {botocore.__version__}'s Polly model has no VoiceActive waiter")
    waiters = (_named("voice_active"), _named("voice_active"))
    config = {"WaiterConfig": {"Delay": 1, "MaxAttempts": 3}}
    mine, theirs = _both_waited(replay, monkeypatch, waiters, script, VoiceId="v-1", **config)
    assert mine == theirs
    assert {r.path for r in replay.requests} == {"/v1/voices/v-1"}


def test_the_waiter_names_and_refuses_others_as_botocore_does(replay: ReplayServer) -> None:
    ours = PollyClient(**client_kwargs(replay.url))
    boto = boto3.client("polly", **client_kwargs(replay.url))
    assert ours.waiter_names == sorted({*boto.waiter_names, "speech_synthesis_task_completed"})
    waiter = ours.get_waiter("speech_synthesis_task_completed")
    assert (waiter.name, waiter.config.delay, waiter.config.max_attempts) == (
        "SpeechSynthesisTaskCompleted",
        5,
        120,
    )
    for name in boto.waiter_names:
        mine, theirs = ours.get_waiter(name), boto.get_waiter(name)
        assert (mine.name, mine.config.operation, mine.config.delay) == (
            theirs.name,
            theirs.config.operation,
            theirs.config.delay,
        )
    for client in (ours, boto):
        with pytest.raises(ValueError, match="Waiter does not exist: nope"):
            client.get_waiter("nope")


@pytest.fixture
def fresh_waiters() -> Iterator[None]:
    """The model's waiters are loaded once per process: afresh for this test, and after it."""
    from polly_client.model import waiter_config

    waiter_config.cache_clear()
    yield
    waiter_config.cache_clear()


@pytest.mark.usefixtures("fresh_waiters")
def test_a_botocore_without_polly_waiters_leaves_the_projects_own(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import DataNotFoundError
    from botocore.loaders import Loader

    load = Loader.load_service_model

    def without_waiters(self: Loader, service: str, type_name: str, *args: Any, **kw: Any) -> Any:
        if type_name == "waiters-2":
            raise DataNotFoundError(data_path=f"{service}/{type_name}")
        return load(self, service, type_name, *args, **kw)

    monkeypatch.setattr(Loader, "load_service_model", without_waiters)
    ours = PollyClient(**client_kwargs(replay.url))
    boto = boto3.client("polly", **client_kwargs(replay.url))
    assert (boto.waiter_names, ours.waiter_names) == ([], ["speech_synthesis_task_completed"])
    for client in (ours, boto):
        with pytest.raises(ValueError, match="Waiter does not exist: voice_active"):
            client.get_waiter("voice_active")


# The model's own waiter for the tasks, with a retry acceptor, where AWS_DATA_PATH points.
DATA_PATH_WAITERS = {
    "version": 2,
    "waiters": {
        "SpeechSynthesisTaskCompleted": {
            "operation": "GetSpeechSynthesisTask",
            "delay": 7,
            "maxAttempts": 2,
            "acceptors": [
                {
                    "state": state,
                    "matcher": "path",
                    "argument": "SynthesisTask.TaskStatus",
                    "expected": status,
                }
                for state, status in (("retry", "scheduled"), ("success", "completed"))
            ],
        }
    },
}


@pytest.mark.usefixtures("fresh_waiters")
def test_waiters_come_from_aws_data_path_and_the_models_replaces_the_projects(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    version = tmp_path / "polly" / "2016-06-10"
    version.mkdir(parents=True)
    (version / "waiters-2.json").write_text(json.dumps(DATA_PATH_WAITERS))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    waiters = (_named("speech_synthesis_task_completed"),) * 2
    script = [_status("scheduled"), _status("inProgress")]
    mine, theirs = _both_waited(replay, monkeypatch, waiters, script, TaskId="t")
    assert mine == theirs
    assert mine[0].startswith("Waiter SpeechSynthesisTaskCompleted failed: Max attempts exceeded")
    assert mine[2] == [7]


class FakeTime:
    """The endpoint's clock and the client's runtime on one timeline: sleeping moves both."""

    def __init__(self) -> None:
        self.clock = ManualClock(1_700_000_000.0)
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)

    def runtime(self) -> Runtime:
        return Runtime(
            now=lambda: datetime.fromtimestamp(self.clock(), timezone.utc),
            sleep=self.sleep,
            random=lambda: 0.5,
        )


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def polly(fake_time: FakeTime) -> Iterator[LocalPolly]:
    with LocalPolly(clock=fake_time.clock, lifetime=60) as polly:
        yield polly


def test_waiting_returns_the_completed_task_with_progress(
    polly: LocalPolly, fake_time: FakeTime
) -> None:
    client = polly.client(runtime=fake_time.runtime())
    task_id = _start(client, "hello")
    seen: list[SynthesisTask] = []
    task = client.wait_for_speech_synthesis_task(task_id, poll=0.4, on_progress=seen.append)
    assert task.task_status == "completed"
    assert task == seen[-1] == client.get_speech_synthesis_task(TaskId=task_id).synthesis_task
    # Queued for 1 s, then 1 s of synthesis on the endpoint's clock: polls at 0, 0.3, 0.75, 1.425
    # and 2.4375 s. Each wait is the poll growing by half, in the upper half of its range
    # (random() = 0.5 gives three quarters of it).
    assert [t.task_status for t in seen] == ["scheduled"] * 3 + ["inProgress", "completed"]
    assert fake_time.slept == pytest.approx([0.3, 0.45, 0.675, 1.0125])


def test_a_failed_task_raises_with_the_services_reason(
    polly: LocalPolly, fake_time: FakeTime
) -> None:
    client = polly.client(runtime=fake_time.runtime())
    task_id = _start(client, "hello", OutputS3BucketName="no-such-bucket")
    with pytest.raises(SynthesisTaskFailedError, match="bucket exists") as info:
        client.wait_for_speech_synthesis_task(task_id)
    assert info.value.task.task_status == "failed"
    assert info.value.reason == info.value.task.task_status_reason


def test_the_deadline_is_kept(polly: LocalPolly, fake_time: FakeTime) -> None:
    client = polly.client(runtime=fake_time.runtime())
    long_text = "word " * 20_000  # some 50 s of synthesis on the endpoint's clock
    task_id = _start(client, long_text)
    with pytest.raises(SynthesisTaskTimeoutError, match="after 10 s") as info:
        client.wait_for_speech_synthesis_task(task_id, timeout=10, poll=1)
    assert info.value.task.task_status == "inProgress"
    assert sum(fake_time.slept) == pytest.approx(10)  # the last wait is cut to the deadline


def test_a_transient_error_is_retried_inside_the_poll(
    polly: LocalPolly, fake_time: FakeTime
) -> None:
    from polly_client.local import Fault

    client = polly.client(runtime=fake_time.runtime())
    task_id = _start(client, "hi")
    polly.inject(Fault.throttling(), times=1, operation="GetSpeechSynthesisTask")
    task = client.wait_for_speech_synthesis_task(task_id, poll=5)
    assert task.task_status == "completed"
    assert polly.requests("GetSpeechSynthesisTask") >= 2


@pytest.mark.parametrize(
    ("uri", "location"),
    [
        ("https://s3.us-east-1.amazonaws.com/my-bucket/a/b.mp3", ("my-bucket", "a/b.mp3")),
        ("https://s3.amazonaws.com/my-bucket/key.mp3", ("my-bucket", "key.mp3")),
        ("https://s3-eu-west-1.amazonaws.com/bucket/k", ("bucket", "k")),
        ("https://my.dotted.bucket.s3.amazonaws.com/k.ogg", ("my.dotted.bucket", "k.ogg")),
        ("https://b.s3.ap-south-1.amazonaws.com/p/x%20y.mp3", ("b", "p/x y.mp3")),
        ("https://b.s3-us-west-2.amazonaws.com/k", ("b", "k")),
        ("https://s3.dualstack.us-east-1.amazonaws.com/b/k", ("b", "k")),
        ("https://b.s3.cn-north-1.amazonaws.com.cn/k", ("b", "k")),
        ("s3://bucket/prefix/task.mp3", ("bucket", "prefix/task.mp3")),
    ],
)
def test_output_uris_give_bucket_and_key(uri: str, location: tuple[str, str]) -> None:
    assert parse_s3_uri(uri) == S3Location(*location)
    assert SynthesisTask(output_uri=uri).output_location == location


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/b/k",
        "ftp://s3.amazonaws.com/b/k",
        "https://s3.amazonaws.com/b",
        "s3://b",
    ],
)
def test_anything_else_is_a_clear_error(uri: str) -> None:
    with pytest.raises(ValueError, match="S3"):
        parse_s3_uri(uri)
    assert SynthesisTask().output_location is None


@pytest.mark.parametrize(("timeout", "poll"), [(10, 0), (10, -1), (0, 1), (float("inf"), 1)])
def test_waiting_refuses_a_poll_or_timeout_that_is_not_a_positive_number(
    replay: ReplayServer, timeout: float, poll: float
) -> None:
    client = PollyClient(**client_kwargs(replay.url))
    with pytest.raises(ValueError, match="above 0"):
        client.wait_for_speech_synthesis_task("t", timeout=timeout, poll=poll)
    assert replay.requests == []
