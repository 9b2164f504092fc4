"""PollyClient and boto3 against the local endpoint over real loopback HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from polly_client import PollyClient
from polly_client.errors import error_names
from polly_client.local import Credential, LocalPolly, ManualClock
from tests.support import run_in_threads

NO_RETRIES = Config(retries={"max_attempts": 0})
START = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "Hello there",
    "VoiceId": "Joanna",
}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def polly(clock: ManualClock) -> Iterator[LocalPolly]:
    with LocalPolly(clock=clock, lifetime=120) as server:
        server.seed(57)
        yield server


def _clients(polly: LocalPolly, **overrides: Any) -> tuple[PollyClient, Any]:
    kwargs = {**polly.client_kwargs(), **overrides}
    return PollyClient(config=NO_RETRIES, **kwargs), boto3.client(
        "polly", config=NO_RETRIES, **kwargs
    )


def _walk(client: Any, **params: Any) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = []
    while True:
        page = client.list_speech_synthesis_tasks(MaxResults=10, **params)
        tasks += page["SynthesisTasks"]
        if "NextToken" not in page:
            return tasks
        params["NextToken"] = page["NextToken"]


@pytest.mark.parametrize("status", [None, "scheduled", "inProgress", "completed", "failed"])
def test_both_clients_page_to_the_end_identically(polly: LocalPolly, status: str | None) -> None:
    ours, theirs = _clients(polly)
    params = {} if status is None else {"Status": status}
    mine, boto = _walk(ours, **params), _walk(theirs, **params)
    assert mine == boto
    assert all(task["TaskStatus"] == status for task in mine if status)
    ids = [task["TaskId"] for task in mine]
    assert len(ids) == len(set(ids))
    times = [task["CreationTime"] for task in mine]
    assert times == sorted(times)
    if status is None:
        assert len(ids) == 57


def test_a_listed_task_is_the_task_get_returns(polly: LocalPolly, clock: ManualClock) -> None:
    # Listings splice the stored JSON; GetSpeechSynthesisTask decodes it: both must give the
    # same document, for every status (the seed has failed tasks; a long text is still running).
    polly.start_task(**{**START, "Text": "x" * 10_000})
    polly.start_task(**{**START, "OutputS3BucketName": "no-such-bucket"})
    clock.advance(3)
    listed = json.loads(polly.service.list({"MaxResults": "100"}))["SynthesisTasks"]
    assert len(listed) == 57 + 2
    assert {task["TaskStatus"] for task in listed} == {"completed", "failed", "inProgress"}
    for task in listed:
        assert task == polly.service.get(task["TaskId"])["SynthesisTask"]


def test_start_get_and_status_moving_with_the_clock(polly: LocalPolly, clock: ManualClock) -> None:
    _, theirs = _clients(polly)
    started = theirs.start_speech_synthesis_task(**START)["SynthesisTask"]
    task_id = started["TaskId"]
    assert started["TaskStatus"] == "scheduled" and started["RequestCharacters"] == 11
    assert started["OutputUri"].endswith(f"/my-bucket/{task_id}.mp3")
    seen = []
    for _ in range(3):
        seen.append(theirs.get_speech_synthesis_task(TaskId=task_id)["SynthesisTask"]["TaskStatus"])
        clock.advance(1.5)
    assert seen == ["scheduled", "inProgress", "completed"]
    failing = theirs.start_speech_synthesis_task(**{**START, "OutputS3BucketName": "no-such-b"})
    clock.advance(100)
    failed = theirs.get_speech_synthesis_task(TaskId=failing["SynthesisTask"]["TaskId"])
    assert failed["SynthesisTask"]["TaskStatus"] == "failed"
    assert "bucket" in failed["SynthesisTask"]["TaskStatusReason"]
    ours, _ = _clients(polly)
    listed = [t.task_id for t in ours.iter_speech_synthesis_tasks(status="completed")]
    assert task_id in listed


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda c: c.get_speech_synthesis_task(TaskId="does-not-exist"),
            "SynthesisTaskNotFoundException",
        ),
        (lambda c: c.get_speech_synthesis_task(TaskId="bad id!"), "InvalidTaskIdException"),
        (
            lambda c: c.start_speech_synthesis_task(**{**START, "SampleRate": "12345"}),
            "InvalidSampleRateException",
        ),
        (
            lambda c: c.start_speech_synthesis_task(**{**START, "SpeechMarkTypes": ["word"]}),
            "MarksNotSupportedForFormatException",
        ),
        (
            lambda c: c.start_speech_synthesis_task(**{**START, "OutputS3BucketName": "B_ad"}),
            "InvalidS3BucketException",
        ),
    ],
)
def test_start_and_get_errors(polly: LocalPolly, call: Any, code: str) -> None:
    _, theirs = _clients(polly)
    with pytest.raises(ClientError) as info:
        call(theirs)
    assert info.value.response["Error"]["Code"] == code


@pytest.mark.parametrize(
    "params", [{"MaxResults": 0}, {"MaxResults": 101}, {"Status": "bogus"}], ids=repr
)
def test_service_side_validation(polly: LocalPolly, params: dict[str, Any]) -> None:
    unchecked = Config(parameter_validation=False, retries={"max_attempts": 0})
    results = []
    for client in (
        PollyClient(config=unchecked, **polly.client_kwargs()),
        boto3.client("polly", config=unchecked, **polly.client_kwargs()),
    ):
        with pytest.raises(ClientError) as info:
            client.list_speech_synthesis_tasks(**params)
        results.append((type(info.value).__name__, info.value.response["Error"]))
    assert results[0] == results[1]
    assert results[0][1]["Code"] == "ValidationException"
    # A class of that name where the installed model has the shape (botocore 1.34 has not).
    assert results[0][0] == (
        "ValidationException" if "ValidationException" in error_names() else "ClientError"
    )


def test_tokens_are_tamper_evident_and_bound_to_their_query(polly: LocalPolly) -> None:
    ours, theirs = _clients(polly)
    token = ours.list_speech_synthesis_tasks(MaxResults=5, Status="completed").next_token
    assert token is not None
    tampered = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with LocalPolly(lifetime=60) as other:
        other.seed(20)
        foreign = other.client().list_speech_synthesis_tasks(MaxResults=5).next_token
    pair: tuple[Any, ...] = (ours, theirs)
    for client in pair:
        for bad, params in (
            ("garbage!!", {}),
            (tampered, {"Status": "completed"}),
            (foreign, {}),
            (token, {}),
            (token, {"Status": "failed"}),
        ):
            with pytest.raises(client.exceptions.InvalidNextTokenException):
                client.list_speech_synthesis_tasks(NextToken=bad, **params)
    assert ours.list_speech_synthesis_tasks(NextToken=token, Status="completed").synthesis_tasks


def _error_code(call: Any) -> str:
    with pytest.raises(ClientError) as info:
        call()
    return str(info.value.response["Error"]["Code"])


def test_signatures_are_verified(polly: LocalPolly, clock: ManualClock) -> None:
    for client in _clients(polly, aws_secret_access_key="not-the-secret"):
        assert _error_code(client.list_speech_synthesis_tasks) == "InvalidSignatureException"
    for client in _clients(polly, aws_access_key_id="AKIDUNKNOWN"):
        assert _error_code(client.list_speech_synthesis_tasks) == "UnrecognizedClientException"
    from botocore import UNSIGNED

    unsigned = PollyClient(**polly.client_kwargs(), config=Config(signature_version=UNSIGNED))
    assert _error_code(unsigned.list_speech_synthesis_tasks) == (
        "MissingAuthenticationTokenException"
    )
    clock.advance(-600)  # the server's clock runs 10 minutes behind: our dates are "stale"
    ours, _ = _clients(polly)
    with pytest.raises(ClientError, match="Signature expired"):
        ours.list_speech_synthesis_tasks()


@pytest.mark.parametrize("change", ["query", "header"])
def test_a_request_altered_after_signing_is_rejected(polly: LocalPolly, change: str) -> None:
    for client in _clients(polly):
        client.list_speech_synthesis_tasks(MaxResults=3)  # accepted as signed

        def alter(request: Any, **_: Any) -> None:
            if change == "query":
                request.url = request.url.replace("MaxResults=3", "MaxResults=4")
            else:
                request.headers["X-Amz-Date"] = "20200101T000000Z"

        client.meta.events.register("before-send.polly.ListSpeechSynthesisTasks", alter)
        assert _error_code(lambda c=client: c.list_speech_synthesis_tasks(MaxResults=3)) == (
            "InvalidSignatureException"
        )


def test_session_tokens(clock: ManualClock) -> None:
    credentials: dict[str, str | Credential] = {"ASIATEMP": Credential("temp-secret", "tok-1")}
    with LocalPolly(clock=clock, credentials=credentials, lifetime=60) as server:
        kwargs = server.client_kwargs()
        assert kwargs["aws_session_token"] == "tok-1"
        for client in _clients(server):
            client.list_speech_synthesis_tasks()
        for client in _clients(server, aws_session_token="tok-2"):
            assert _error_code(client.list_speech_synthesis_tasks) == (
                "UnrecognizedClientException"
            )


def test_tasks_survive_a_restart_with_a_database(tmp_path: Path) -> None:
    db = str(tmp_path / "tasks.sqlite")
    with LocalPolly(db=db, lifetime=60) as first:
        first.seed(12)
        task_id = first.start_task(**START)["TaskId"]
        before = first.client().list_speech_synthesis_tasks().to_dict()["SynthesisTasks"]
    with LocalPolly(db=db, lifetime=60) as second:
        after = second.client().list_speech_synthesis_tasks().to_dict()["SynthesisTasks"]
        assert [t["TaskId"] for t in after] == [t["TaskId"] for t in before]
        assert task_id in {t["TaskId"] for t in after} and len(after) == 13


def test_concurrent_clients(polly: LocalPolly) -> None:
    counts: list[int] = []

    def work() -> None:
        client = polly.client()
        for _ in range(5):
            counts.append(sum(1 for _ in client.iter_speech_synthesis_tasks(page_size=20)))
        polly.start_task(**START)

    assert run_in_threads(work, threads=6, timeout=60) == []
    assert len(counts) == 30 and min(counts) >= 57
    assert polly.store.count() == 57 + 6


def test_the_pytest_fixture_is_exported(local_polly: LocalPolly) -> None:
    local_polly.start_task(**START)
    page = local_polly.client().list_speech_synthesis_tasks()
    assert page.synthesis_tasks is not None and len(page.synthesis_tasks) == 1
