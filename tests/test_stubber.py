"""The same Stubber-based test code run against boto3's client and PollyClient."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from botocore.stub import StubAssertionError, Stubber, UnStubbedResponseError

from polly_client import PollyClient
from polly_client.models import SpeechMarkType, TaskStatus

KWARGS: dict[str, Any] = {
    "region_name": "us-east-1",
    "aws_access_key_id": "AKIDEXAMPLE",
    "aws_secret_access_key": "secret",
    # Nothing listens here: a stub that fails to intercept shows as a connection error.
    "endpoint_url": "http://127.0.0.1:9",
}

PAGE: dict[str, Any] = {
    "SynthesisTasks": [
        {
            "TaskId": "t1",
            "TaskStatus": "completed",
            "CreationTime": datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc),
            "Engine": "neural",
        }
    ],
    "NextToken": "n1",
}


def _both(scenario: Callable[[Any], Any]) -> None:
    mine = _run(scenario, PollyClient(**KWARGS))
    theirs = _run(scenario, boto3.client("polly", **KWARGS))
    assert mine == theirs


def _run(scenario: Callable[[Any], Any], client: Any) -> Any:
    try:
        return "ok", scenario(client)
    except Exception as exc:
        return type(exc).__name__, str(exc)


def test_add_response_with_expected_params() -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_response("list_speech_synthesis_tasks", PAGE, {"MaxResults": 5})
            response = client.list_speech_synthesis_tasks(MaxResults=5)
            stub.assert_no_pending_responses()
        return dict(response), response["SynthesisTasks"][0]["CreationTime"]

    _both(scenario)


def test_stubbed_response_is_typed_too() -> None:
    client = PollyClient(**KWARGS)
    # botocore-stubs types Stubber's argument as BaseClient; at run time any client with meta works.
    with Stubber(client) as stub:  # type: ignore[arg-type]
        stub.add_response("list_speech_synthesis_tasks", PAGE)
        response = client.list_speech_synthesis_tasks()
    assert response.next_token == "n1"
    assert response.synthesis_tasks is not None
    assert response.synthesis_tasks[0].creation_time == PAGE["SynthesisTasks"][0]["CreationTime"]
    assert response == PAGE


def test_wrong_expected_params_fail_the_same_way() -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_response("list_speech_synthesis_tasks", PAGE, {"MaxResults": 5})
            client.list_speech_synthesis_tasks(MaxResults=6)

    _both(scenario)
    with pytest.raises(StubAssertionError):
        scenario(PollyClient(**KWARGS))


def test_add_client_error_raises_our_modelled_class() -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_client_error(
                "list_speech_synthesis_tasks",
                service_error_code="InvalidNextTokenException",
                service_message="stale token",
                http_status_code=400,
            )
            try:
                client.list_speech_synthesis_tasks(NextToken="old")
            except client.exceptions.InvalidNextTokenException as exc:
                return exc.response, str(exc)
        return None

    _both(scenario)


def test_add_client_error_with_modeled_fields_and_unmodelled_code() -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_client_error(
                "list_speech_synthesis_tasks",
                service_error_code="ServiceQuotaExceededException",
                http_status_code=402,
                modeled_fields={"message": "m", "quotaCode": "q", "serviceCode": "s"},
            )
            stub.add_client_error("list_speech_synthesis_tasks", "AccessDeniedException", "no")
            outcomes = []
            for _ in range(2):
                try:
                    client.list_speech_synthesis_tasks()
                except client.exceptions.ClientError as exc:
                    outcomes.append((type(exc).__name__, exc.response))
        return outcomes

    _both(scenario)


def test_unstubbed_call_and_pending_responses() -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_response("list_speech_synthesis_tasks", PAGE)
            stub.assert_no_pending_responses()

    _both(scenario)

    def unstubbed(client: Any) -> Any:
        with Stubber(client):
            client.list_speech_synthesis_tasks()

    _both(unstubbed)
    with pytest.raises(UnStubbedResponseError):
        unstubbed(PollyClient(**KWARGS))


def test_stubbed_responses_are_validated_against_the_model() -> None:
    def scenario(client: Any) -> Any:
        stub = Stubber(client)
        stub.add_response("list_speech_synthesis_tasks", {"SynthesisTasks": "nope"})

    _both(scenario)
    with pytest.raises(ParamValidationError):
        scenario(PollyClient(**KWARGS))


def test_deactivate_restores_the_network_path() -> None:
    def scenario(client: Any) -> Any:
        stub = Stubber(client)
        stub.activate()
        stub.add_response("list_speech_synthesis_tasks", {"SynthesisTasks": []})
        assert client.list_speech_synthesis_tasks()["SynthesisTasks"] == []
        stub.deactivate()
        client.list_speech_synthesis_tasks()  # nothing listens: a connection error

    mine = _run(scenario, PollyClient(**KWARGS, config=_no_retries()))
    theirs = _run(scenario, boto3.client("polly", **KWARGS, config=_no_retries()))
    assert mine[0] == theirs[0] == "EndpointConnectionError"


def _no_retries() -> Any:
    from botocore.config import Config

    return Config(retries={"max_attempts": 0}, connect_timeout=2)


def test_no_model_is_loaded_until_meta_is_asked_for() -> None:
    from polly_client import model

    client = PollyClient(**KWARGS)
    assert client._meta is None
    mapping = client.meta.method_to_api_mapping
    assert mapping["list_speech_synthesis_tasks"] == "ListSpeechSynthesisTasks"
    assert mapping == boto3.client("polly", **KWARGS).meta.method_to_api_mapping
    assert client.meta.service_model.service_name == "polly"
    assert model._loaded is not None


_STREAM = b"ID3 audio"
TYPED_MODEL_OPERATIONS: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "describe_voices",
        {"LanguageCode": "en-GB"},
        {"Voices": [{"Id": "Amy", "Gender": "Female", "SupportedEngines": ["neural"]}]},
        "DescribeVoicesResponse",
    ),
    (
        "list_lexicons",
        {},
        {"Lexicons": [{"Name": "w3c", "Attributes": {"Alphabet": "ipa", "Size": 3}}]},
        "ListLexiconsResponse",
    ),
    (
        "get_lexicon",
        {"Name": "w3c"},
        {"Lexicon": {"Name": "w3c", "Content": "<lexicon/>"}, "LexiconAttributes": {"Size": 3}},
        "GetLexiconResponse",
    ),
    ("put_lexicon", {"Name": "w3c", "Content": "<lexicon/>"}, {}, "ModelResponse"),
    ("delete_lexicon", {"Name": "w3c"}, {}, "ModelResponse"),
    (
        "synthesize_speech",
        {"Text": "hi", "VoiceId": "Amy", "OutputFormat": "mp3"},
        {"ContentType": "audio/mpeg", "RequestCharacters": 2},
        "SynthesizeSpeechResponse",
    ),
]


@pytest.mark.parametrize(
    ("method", "params", "response", "typed"),
    TYPED_MODEL_OPERATIONS,
    ids=[case[0] for case in TYPED_MODEL_OPERATIONS],
)
def test_stubber_drives_each_typed_model_operation(
    method: str, params: dict[str, Any], response: dict[str, Any], typed: str
) -> None:
    import io

    from botocore.response import StreamingBody

    def scenario(client: Any) -> Any:
        stubbed = dict(response)
        if method == "synthesize_speech":
            stubbed["AudioStream"] = StreamingBody(io.BytesIO(_STREAM), len(_STREAM))
        with Stubber(client) as stub:
            stub.add_response(method, stubbed, params)
            result = getattr(client, method)(**params)
            stub.assert_no_pending_responses()
        if isinstance(client, PollyClient):
            assert type(result).__name__ == typed
            assert result.response_metadata.http_status_code == 200
        body = result.pop("AudioStream", None)
        return result, None if body is None else body.read()

    _both(scenario)


class _Text(str):
    """A str subclass, as code that stubs with its own string types passes."""


class _Status(str, enum.Enum):
    """A str-mixed enum whose str() is its name, not its value."""

    COMPLETED = "completed"
    FEMALE = "Female"


class _Count(int):
    pass


# What botocore's Stubber validates as the model's types though no parsed body holds it.
VALIDATOR_ACCEPTS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "list_speech_synthesis_tasks",
        {},
        {
            "SynthesisTasks": (
                OrderedDict(
                    TaskId=_Text("t1"),
                    TaskStatus=_Status.COMPLETED,
                    CreationTime="2024-05-01T12:00:00Z",
                    RequestCharacters=True,
                    LexiconNames=(_Text("a"), "b"),
                    SpeechMarkTypes=[_Text("word")],
                ),
            ),
            "NextToken": _Text("n1"),
        },
    ),
    (
        "get_speech_synthesis_task",
        {"TaskId": "t1"},
        {
            "SynthesisTask": {
                "TaskId": "t1",
                "CreationTime": 1714564800,
                "RequestCharacters": _Count(7),
            }
        },
    ),
    (
        "describe_voices",
        {},
        {
            "Voices": [
                {"Gender": _Status.FEMALE, "Id": _Text("Joanna"), "SupportedEngines": ("neural",)}
            ]
        },
    ),
    (
        "get_lexicon",
        {"Name": "w3c"},
        {
            "Lexicon": {"Name": _Text("w3c"), "Content": "<lexicon/>"},
            "LexiconAttributes": {"LastModified": "2024-05-01T12:00:00Z", "Size": _Count(3)},
        },
    ),
    (
        "list_lexicons",
        {},
        {"Lexicons": [{"Name": "w3c", "Attributes": {"LastModified": 1714564800.0}}]},
    ),
]


@pytest.mark.parametrize(
    ("method", "params", "response"), VALIDATOR_ACCEPTS, ids=[case[0] for case in VALIDATOR_ACCEPTS]
)
def test_what_the_stubber_accepts_is_returned_as_boto3_returns_it(
    method: str, params: dict[str, Any], response: dict[str, Any]
) -> None:
    def scenario(client: Any) -> Any:
        with Stubber(client) as stub:
            stub.add_response(method, response, params)
            result = getattr(client, method)(**params)
        result.pop("ResponseMetadata", None)
        # repr, not ==: a subclass's value equals the plain one but must come back as given.
        return repr(result)

    _both(scenario)


def test_the_typed_side_of_a_stubbed_response_holds_plain_values() -> None:
    client = PollyClient(**KWARGS)
    with Stubber(client) as stub:  # type: ignore[arg-type]
        stub.add_response("list_speech_synthesis_tasks", VALIDATOR_ACCEPTS[0][2])
        page = client.list_speech_synthesis_tasks()
        stub.add_response("get_lexicon", VALIDATOR_ACCEPTS[3][2], {"Name": "w3c"})
        lexicon = client.get_lexicon(Name="w3c")
    assert page.synthesis_tasks is not None
    (task,) = page.synthesis_tasks
    assert type(task.task_id) is str and task.task_id == "t1"
    assert task.task_status is TaskStatus.COMPLETED
    assert type(task.request_characters) is int and task.request_characters == 1
    assert task.lexicon_names == ("a", "b") and all(
        type(name) is str for name in task.lexicon_names
    )
    assert task.speech_mark_types == (SpeechMarkType.WORD,)
    assert task.creation_time == datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert type(page.next_token) is str
    assert lexicon.lexicon is not None and type(lexicon.lexicon.name) is str
    assert lexicon.lexicon_attributes is not None
    assert lexicon.lexicon_attributes.last_modified == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    assert type(lexicon.lexicon_attributes.size) is int
    # The dict side is the supplied dict's values, as boto3 returns them.
    as_supplied: Any = page["SynthesisTasks"][0]
    assert as_supplied["TaskStatus"] is _Status.COMPLETED
