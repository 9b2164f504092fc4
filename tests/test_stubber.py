"""The same Stubber-based test code run against boto3's client and PollyClient."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from botocore.stub import StubAssertionError, Stubber, UnStubbedResponseError

from polly_client import PollyClient

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
