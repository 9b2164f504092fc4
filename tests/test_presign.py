"""Presigned URLs: PollyClient's equal boto3's for the same inputs, credentials and time."""

from __future__ import annotations

import types
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from polly_client import PollyClient
from polly_client.runtime import Runtime

SIGNED_AT = datetime(2026, 1, 2, 3, 4, 5)
KEYS = {
    "region_name": "eu-west-1",
    "aws_access_key_id": "AKIDEXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
}
SPEECH = {
    "Text": "Hello & welcome, 100% naïve",
    "VoiceId": "Joanna",
    "OutputFormat": "json",
    "SpeechMarkTypes": ["word", "sentence"],
    "Engine": "neural",
    "LanguageCode": "en-US",
    "LexiconNames": ["b", "a"],
}


class _FrozenDatetime(datetime):
    @classmethod
    def utcnow(cls) -> _FrozenDatetime:
        # Naive UTC, as datetime.utcnow gives it, whatever the machine's zone.
        return cls(*SIGNED_AT.timetuple()[:6])


@pytest.fixture(autouse=True)
def _frozen_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's signer reads the time from get_current_datetime (newer releases) or
    datetime.datetime.utcnow (older ones): both give SIGNED_AT."""
    import botocore.auth

    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: SIGNED_AT, raising=False)
    monkeypatch.setattr(botocore.auth, "datetime", types.SimpleNamespace(datetime=_FrozenDatetime))


def _clients(**overrides: Any) -> tuple[PollyClient, Any]:
    kwargs = {**KEYS, **overrides}
    runtime = Runtime(now=lambda: SIGNED_AT.replace(tzinfo=timezone.utc))
    return PollyClient(runtime=runtime, **kwargs), boto3.client("polly", **kwargs)


def _both(method: str, *args: Any, **overrides: Any) -> list[Any]:
    results = []
    for client in _clients(**overrides):
        try:
            results.append(("ok", getattr(client, method)(*args)))
        except Exception as exc:  # the class and words are what is compared
            results.append((type(exc).__name__, str(exc)))
    return results


@pytest.mark.parametrize(
    ("client_method", "params", "http_method"),
    [
        ("synthesize_speech", SPEECH, None),  # boto3's default: POST, members in the query
        ("synthesize_speech", SPEECH, "GET"),
        ("synthesize_speech", {"Text": "hi", "VoiceId": "Amy", "OutputFormat": "mp3"}, "GET"),
        ("describe_voices", {"Engine": "neural", "IncludeAdditionalLanguageCodes": True}, None),
        ("describe_voices", None, None),
        ("get_speech_synthesis_task", {"TaskId": "a b/c"}, None),
        ("list_speech_synthesis_tasks", {"MaxResults": 5, "Status": "completed"}, None),
        (
            "start_speech_synthesis_task",
            {"Text": "hi", "VoiceId": "Joanna", "OutputFormat": "mp3", "OutputS3BucketName": "b"},
            None,
        ),
        ("get_lexicon", {"Name": "mine"}, "GET"),
        ("put_lexicon", {"Name": "mine", "Content": "<lexicon/>"}, None),
    ],
)
@pytest.mark.parametrize("expires_in", [3600, 60])
def test_the_url_is_boto3s(
    client_method: str, params: Any, http_method: str | None, expires_in: int
) -> None:
    mine, boto = _both("generate_presigned_url", client_method, params, expires_in, http_method)
    assert mine == boto
    assert mine[0] == "ok"
    assert "X-Amz-Signature=" in mine[1] and "X-Amz-Date=20260102T030405Z" in mine[1]


class _Labelled(int):
    def __str__(self) -> str:
        return "labelled"


# None means botocore's default; boto3 checks no other value, and writes each with str().
@pytest.mark.parametrize(
    "expires_in", [None, 0, -5, 1.5, "60", "soon", True, 604_801, _Labelled(7)], ids=repr
)
def test_odd_expiries_give_boto3s_url(expires_in: Any) -> None:
    mine, boto = _both("generate_presigned_url", "synthesize_speech", SPEECH, expires_in, "GET")
    assert mine == boto
    assert mine[0] == "ok"


def test_a_session_token_and_another_region_are_signed_as_in_boto3() -> None:
    mine, boto = _both(
        "generate_presigned_url",
        "synthesize_speech",
        SPEECH,
        900,
        "GET",
        region_name="ap-southeast-2",
        aws_session_token="session/token+",
    )
    assert mine == boto
    assert "X-Amz-Security-Token=session%2Ftoken%2B" in mine[1]


def test_an_endpoint_url_and_unsigned_config_are_boto3s() -> None:
    for overrides in (
        {"endpoint_url": "http://127.0.0.1:8123/"},
        {"config": Config(signature_version=UNSIGNED)},
    ):
        mine, boto = _both("generate_presigned_url", "describe_voices", {}, **overrides)
        assert mine == boto


@pytest.mark.parametrize(
    ("client_method", "params"),
    [
        ("synthesise_speech", {}),  # not a method: botocore's UnknownClientMethodError
        ("synthesize_speech", {"Text": 5, "VoiceId": "Joanna"}),  # ParamValidationError
        ("get_speech_synthesis_task", {}),
        ("describe_voices", {"Nope": 1}),
        ("start_speech_synthesis_stream", {}),  # no method, but in the model: presignable
    ],
)
def test_botocores_errors(client_method: str, params: Any) -> None:
    mine, boto = _both("generate_presigned_url", client_method, params)
    assert mine == boto
    assert mine[0] in {"UnknownClientMethodError", "ParamValidationError"}


def test_no_credentials_is_boto3s_error(monkeypatch: pytest.MonkeyPatch) -> None:
    results = []
    for client in (PollyClient(region_name="us-east-1"), boto3.client("polly", "us-east-1")):
        with pytest.raises(Exception) as info:
            client.generate_presigned_url("describe_voices")
        results.append((type(info.value).__name__, str(info.value)))
    assert results[0] == results[1]
    assert results[0][0] == "NoCredentialsError"


def test_handlers_on_provide_client_params_see_the_params() -> None:
    def replace(params: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**params, "LanguageCode": "en-GB"}

    handler: Any = replace
    urls = []
    for client in _clients():
        client.meta.events.register("provide-client-params.polly.DescribeVoices", handler)
        urls.append(client.generate_presigned_url("describe_voices", {"Engine": "standard"}))
    assert urls[0] == urls[1]
    assert "LanguageCode=en-GB" in urls[0]


def test_the_speech_helper_is_a_presigned_get_with_every_member() -> None:
    ours, theirs = _clients()
    url = ours.presigned_speech_url(expires_in=300, **SPEECH)  # type: ignore[arg-type]
    assert url == theirs.generate_presigned_url("synthesize_speech", SPEECH, 300, "GET")
    assert url == ours.generate_presigned_url(
        ClientMethod="synthesize_speech", Params=SPEECH, ExpiresIn=300, HttpMethod="GET"
    )
    for member in ("Engine=neural", "LanguageCode=en-US", "X-Amz-Expires=300"):
        assert member in url


def test_the_speech_helpers_arguments_are_the_models() -> None:
    from polly_client.model import service_model
    from polly_client.presign import SynthesizeSpeechRequest

    shape: Any = service_model().operation_model("SynthesizeSpeech").input_shape
    required = SynthesizeSpeechRequest.__required_keys__
    assert required | SynthesizeSpeechRequest.__optional_keys__ == set(shape.members)
    assert required == set(shape.required_members)


@pytest.mark.parametrize("answer", ["unsigned", "v4", "v4-query"])
@pytest.mark.parametrize("signed", [True, False])
def test_a_choose_signer_handler_is_asked_as_in_boto3(answer: str, signed: bool) -> None:
    chosen: Any = UNSIGNED if answer == "unsigned" else answer
    asked: list[list[Any]] = []
    outcomes = []
    overrides: dict[str, Any] = {} if signed else {"config": Config(signature_version=UNSIGNED)}
    for client in _clients(**overrides):
        seen: list[Any] = []
        asked.append(seen)

        def choose(signature_version: Any, seen: list[Any] = seen, **others: Any) -> Any:
            seen.append((signature_version, sorted(others)))
            return chosen

        handler: Any = choose
        client.meta.events.register("choose-signer.polly", handler)
        try:
            outcomes.append(client.generate_presigned_url("describe_voices", {}))
        except Exception as exc:  # the class and words are what is compared
            outcomes.append((type(exc).__name__, str(exc)))
    # The same arguments as boto3's, whichever the installed botocore passes.
    assert asked[0] == asked[1]
    assert [version for version, _ in asked[0]] == [("v4-query" if signed else UNSIGNED)]
    assert outcomes[0] == outcomes[1]
