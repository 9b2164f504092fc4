"""Start and Get, compared with boto3 over the same HTTP bytes: results, errors, requests and
client-side validation; botocore's Stubber on both."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.config import Config
from botocore.stub import Stubber

from polly_client import PollyClient, SynthesisTask
from polly_client.errors import error_names
from polly_client.model import service_model
from tests.support import ReplayServer, Reply, outcome
from tests.test_differential import FULL_TASK

NO_RETRIES = Config(retries={"max_attempts": 0})

START: dict[str, Any] = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "Hello, world",
    "VoiceId": "Joanna",
}


def _both(clients: tuple[PollyClient, Any], method: str, **params: Any) -> tuple[str, Any]:
    ours, theirs = clients
    mine = outcome(getattr(ours, method), **params)
    boto = outcome(getattr(theirs, method), **params)
    assert mine == boto
    return mine


def _body(document: Any) -> bytes:
    return json.dumps(document).encode()


TASK_BODIES = {
    "full task": {"SynthesisTask": FULL_TASK},
    "just started": {
        "SynthesisTask": {
            "TaskId": "t-1",
            "TaskStatus": "scheduled",
            "CreationTime": 1.7e9,
            "OutputUri": "https://s3.us-east-1.amazonaws.com/b/t-1.mp3",
        }
    },
    "unknown values and fields": {
        "SynthesisTask": {**FULL_TASK, "Engine": "quantum", "TaskStatus": "paused", "New": 1}
    },
    "no task": {},
    "empty task": {"SynthesisTask": {}},
}

TASK_CALLS = [
    ("start_speech_synthesis_task", START),
    ("get_speech_synthesis_task", {"TaskId": "t-1"}),
]


@pytest.mark.parametrize(("method", "params"), TASK_CALLS, ids=["start", "get"])
@pytest.mark.parametrize("document", TASK_BODIES.values(), ids=TASK_BODIES.keys())
def test_task_responses_parse_as_in_boto3(
    replay: ReplayServer,
    clients: tuple[PollyClient, Any],
    method: str,
    params: dict[str, Any],
    document: Any,
) -> None:
    replay.reply = Reply(body=_body(document))
    kind, _ = _both(clients, method, **params)
    assert kind == "ok"


def test_the_typed_task_is_the_listings_class(
    replay: ReplayServer, clients: tuple[PollyClient, Any]
) -> None:
    replay.reply = Reply(body=_body({"SynthesisTask": FULL_TASK}))
    ours, _ = clients
    task = ours.get_speech_synthesis_task(TaskId="t-1").synthesis_task
    assert isinstance(task, SynthesisTask)
    assert task.task_status == "completed"
    assert task.lexicon_names == ("lex1", "lex2")
    assert task.output_location == ("bucket", "57548c6b.mp3")


@pytest.mark.parametrize(
    "body", [b'{"SynthesisTask": []}', b'{"SynthesisTask": {"TaskId": 5}}', b"not json"], ids=repr
)
def test_a_malformed_task_raises_naming_the_place(
    replay: ReplayServer, clients: tuple[PollyClient, Any], body: bytes
) -> None:
    from botocore.parsers import ResponseParserError

    replay.reply = Reply(body=body)
    with pytest.raises(ResponseParserError, match="SynthesisTask") as info:
        clients[0].get_speech_synthesis_task(TaskId="t-1")
    assert info.value.http_response.body == body  # type: ignore[attr-defined]


def _operation_errors(operation: str) -> list[str]:
    return [shape.name for shape in service_model().operation_model(operation).error_shapes]


@pytest.mark.parametrize("code", _operation_errors("StartSpeechSynthesisTask"))
def test_every_start_error_raises_as_in_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], code: str
) -> None:
    replay.reply = Reply(
        400, b'{"message": "no"}', (("x-amzn-ErrorType", code), ("x-amzn-RequestId", "r"))
    )
    kind, _ = _both(clients, "start_speech_synthesis_task", **START)
    assert kind == code


@pytest.mark.parametrize("code", [*_operation_errors("GetSpeechSynthesisTask"), "Teapot"])
def test_every_get_error_raises_as_in_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], code: str
) -> None:
    replay.reply = Reply(404, _body({"__type": f"com.amazonaws.polly#{code}", "message": "x"}))
    kind, _ = _both(clients, "get_speech_synthesis_task", TaskId="t-1")
    assert kind == (code if code in error_names() else "ClientError")


START_REQUESTS = [
    START,
    {**START, "Text": 'héllo \u2603 "quoted" <speak>', "TextType": "ssml"},
    {
        **START,
        "Engine": "neural",
        "LanguageCode": "en-US",
        "LexiconNames": ("one", "two"),
        "OutputS3KeyPrefix": "audio/",
        "SampleRate": "22050",
        "SnsTopicArn": "arn:aws:sns:us-east-1:123456789012:topic",
        "SpeechMarkTypes": ["sentence", "word"],
    },
    {"VoiceId": "Joanna", "Text": "order", "OutputS3BucketName": "b", "OutputFormat": "json"},
    {**START, "LexiconNames": [], "SpeechMarkTypes": ()},
]


@pytest.mark.parametrize("params", START_REQUESTS, ids=repr)
def test_start_requests_are_boto3s_bytes(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    replay.reply = Reply(body=_body({"SynthesisTask": {"TaskId": "t"}}))
    _both(clients, "start_speech_synthesis_task", **params)
    mine, boto = replay.requests
    assert (mine.method, mine.path, mine.body) == (boto.method, boto.path, boto.body)
    assert mine.method == "POST"
    assert mine.headers["Content-Type"] == boto.headers["Content-Type"]
    assert _signed_headers(mine) == _signed_headers(boto)


@pytest.mark.parametrize("task_id", ["t-1", "a b/c+=~%é", "x" * 100], ids=repr)
def test_get_requests_are_boto3s(
    replay: ReplayServer, clients: tuple[PollyClient, Any], task_id: str
) -> None:
    replay.reply = Reply(body=_body({"SynthesisTask": {"TaskId": task_id}}))
    _both(clients, "get_speech_synthesis_task", TaskId=task_id)
    mine, boto = replay.requests
    assert (
        (mine.method, mine.path, mine.body)
        == (boto.method, boto.path, boto.body)
        == (
            "GET",
            mine.path,
            b"",
        )
    )
    assert _signed_headers(mine) == _signed_headers(boto)


def _signed_headers(recorded: Any) -> str:
    authorization: str = recorded.headers["Authorization"]
    return authorization.split("SignedHeaders=")[1].split(",", maxsplit=1)[0]


BAD_START = [
    {},
    {k: v for k, v in START.items() if k != "Text"},
    {**START, "Text": 5},
    {**START, "Text": None},
    {**START, "Engine": None},
    {**START, "LexiconNames": "one"},
    {**START, "LexiconNames": ["one", 2, b"three"]},
    {**START, "SpeechMarkTypes": [None]},
    {**START, "Nope": 1, "Other": 2},
    {"Nope": 1, "VoiceId": 3},
]


@pytest.mark.parametrize("params", BAD_START, ids=repr)
def test_start_validation_is_botocores_word_for_word(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    kind, _ = _both(clients, "start_speech_synthesis_task", **params)
    assert kind == "ParamValidationError"
    assert replay.requests == []


@pytest.mark.parametrize("params", [{}, {"TaskId": 7}, {"TaskId": "t", "Other": 1}], ids=repr)
def test_get_validation_is_botocores_word_for_word(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    kind, _ = _both(clients, "get_speech_synthesis_task", **params)
    assert kind == "ParamValidationError"
    assert replay.requests == []


@pytest.mark.parametrize("method", ["start_speech_synthesis_task", "get_speech_synthesis_task"])
def test_positional_arguments_are_refused_as_in_boto3(
    clients: tuple[Any, Any], method: str
) -> None:
    for client in clients:
        with pytest.raises(TypeError):
            getattr(client, method)("t-1")


def test_stubber_drives_start_and_get_on_both_clients(clients: tuple[Any, Any]) -> None:
    results = []
    for client in clients:
        with Stubber(client) as stub:
            stub.add_response(
                "start_speech_synthesis_task",
                {"SynthesisTask": {"TaskId": "t-9", "TaskStatus": "scheduled"}},
                START,
            )
            stub.add_response(
                "get_speech_synthesis_task",
                {"SynthesisTask": {"TaskId": "t-9", "TaskStatus": "completed"}},
                {"TaskId": "t-9"},
            )
            stub.add_client_error(
                "get_speech_synthesis_task",
                "SynthesisTaskNotFoundException",
                "gone",
                404,
                expected_params={"TaskId": "t-10"},
            )
            started = client.start_speech_synthesis_task(**START)
            got = client.get_speech_synthesis_task(TaskId="t-9")
            with pytest.raises(client.exceptions.SynthesisTaskNotFoundException) as info:
                client.get_speech_synthesis_task(TaskId="t-10")
            stub.assert_no_pending_responses()
        results.append((dict(started), dict(got), info.value.response["Error"]))
    assert results[0] == results[1]
